package org.keycities.notification.recipient;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.keycities.notification.web.FieldProblem;

/**
 * Reads the recipients import: one recipient a line,
 * {@code council,name,email[,frequency]} with an optional header line, fields optionally
 * in double quotes (a council name may hold a comma). Blank lines are ignored.
 */
final class RecipientCsv {

	record Row(int line, RecipientRequest request) {
	}

	record Parsed(List<Row> rows, List<FieldProblem> problems) {
	}

	private RecipientCsv() {
	}

	static Parsed parse(String text) {
		List<Row> rows = new ArrayList<>();
		List<FieldProblem> problems = new ArrayList<>();
		String[] lines = text.replace("\uFEFF", "").split("\r\n|\n|\r", -1);
		for (int i = 0; i < lines.length; i++) {
			int line = i + 1;
			String raw = lines[i];
			if (raw.isBlank()) {
				continue;
			}
			List<String> fields = fields(raw);
			if (fields == null) {
				problems.add(new FieldProblem(line, "line", "A quoted field is not closed"));
				continue;
			}
			if (rows.isEmpty() && problems.isEmpty() && isHeader(fields)) {
				continue;
			}
			if (fields.size() < 3 || fields.size() > 4) {
				problems.add(new FieldProblem(line, "line",
						"Give council, name, email and optionally frequency, separated by commas (found "
								+ fields.size() + " fields)"));
				continue;
			}
			Frequency frequency = Frequency.IMMEDIATE;
			if (fields.size() == 4 && !fields.get(3).isBlank()) {
				try {
					frequency = Frequency.valueOf(fields.get(3).strip().toUpperCase(Locale.ROOT));
				}
				catch (IllegalArgumentException ex) {
					problems.add(new FieldProblem(line, "frequency", "Enter IMMEDIATE or WEEKLY_DIGEST"));
					continue;
				}
			}
			RecipientRequest request = new RecipientRequest(fields.get(0), fields.get(1), fields.get(2), Set.of(),
					Set.of(), frequency);
			List<FieldProblem> rowProblems = request.problems();
			if (rowProblems.isEmpty()) {
				rows.add(new Row(line, request));
			}
			else {
				rowProblems.forEach((p) -> problems.add(p.atLine(line)));
			}
		}
		if (rows.isEmpty() && problems.isEmpty()) {
			problems.add(new FieldProblem(null, "file", "The file has no recipients"));
		}
		return new Parsed(rows, problems);
	}

	private static boolean isHeader(List<String> fields) {
		return !fields.isEmpty() && fields.get(0).strip().equalsIgnoreCase("council");
	}

	/** The fields of one line, or {@code null} when a quote is left open. */
	private static List<String> fields(String line) {
		List<String> fields = new ArrayList<>();
		StringBuilder field = new StringBuilder();
		boolean quoted = false;
		for (int i = 0; i < line.length(); i++) {
			char c = line.charAt(i);
			if (quoted) {
				if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
					field.append('"');
					i++;
				}
				else if (c == '"') {
					quoted = false;
				}
				else {
					field.append(c);
				}
			}
			else if (c == '"') {
				quoted = true;
			}
			else if (c == ',') {
				fields.add(field.toString());
				field.setLength(0);
			}
			else {
				field.append(c);
			}
		}
		if (quoted) {
			return null;
		}
		fields.add(field.toString());
		return fields;
	}

}
