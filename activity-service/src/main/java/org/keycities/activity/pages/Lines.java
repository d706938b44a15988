package org.keycities.activity.pages;

import java.util.List;

/** One-per-line text areas: blank lines are left out, so an officer may space entries. */
final class Lines {

	private Lines() {
	}

	static List<String> split(String text) {
		if (text == null) {
			return List.of();
		}
		return text.lines().map(String::trim).filter((line) -> !line.isEmpty()).toList();
	}

	static String join(List<String> lines) {
		return lines == null ? "" : String.join("\n", lines);
	}

}
