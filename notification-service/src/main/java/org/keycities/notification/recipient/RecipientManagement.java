package org.keycities.notification.recipient;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.keycities.activity.events.TimeOrderedIds;
import org.keycities.notification.web.ConflictException;
import org.keycities.notification.web.FieldProblem;
import org.keycities.notification.web.InvalidRequestException;
import org.keycities.notification.web.NotFoundException;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Service;

/**
 * Adds, changes and removes recipients. The unique index on (group, lower-case email) is
 * what finally decides a duplicate, so two officers adding the same address at once still
 * get one recipient.
 */
@Service
public class RecipientManagement {

	private static final String DUPLICATE = "A recipient with this email address already exists in this group";

	private final Recipients recipients;

	private final Clock clock;

	RecipientManagement(Recipients recipients, Clock clock) {
		this.recipients = recipients;
		this.clock = clock;
	}

	public Recipient add(String groupId, RecipientRequest request) {
		check(request);
		Recipient recipient = new Recipient(TimeOrderedIds.next(), groupId, this.clock.instant());
		describe(recipient, request);
		try {
			return this.recipients.insert(recipient);
		}
		catch (DuplicateKeyException ex) {
			throw duplicate();
		}
	}

	public Recipient change(String groupId, String id, RecipientRequest request) {
		check(request);
		Recipient recipient = find(groupId, id);
		describe(recipient, request);
		try {
			return this.recipients.save(recipient);
		}
		catch (DuplicateKeyException ex) {
			throw duplicate();
		}
		catch (OptimisticLockingFailureException ex) {
			throw new ConflictException("This recipient was changed at the same time",
					FieldProblem.of("id", "Someone else changed this recipient at the same time; try again"));
		}
	}

	public void remove(String groupId, String id) {
		this.recipients.delete(find(groupId, id));
	}

	public Recipient find(String groupId, String id) {
		return this.recipients.findInGroup(id, groupId)
			.orElseThrow(() -> new NotFoundException("There is no recipient " + id + " in group " + groupId));
	}

	public List<Recipient> list(String groupId) {
		return this.recipients.findByGroupIdOrderByCouncilAscNameAsc(groupId);
	}

	/**
	 * Adds every recipient of the file, or none: all mistakes are reported with their
	 * line numbers.
	 */
	public List<Recipient> importCsv(String groupId, String csv) {
		RecipientCsv.Parsed parsed = RecipientCsv.parse(csv);
		List<FieldProblem> problems = new ArrayList<>(parsed.problems());
		Map<String, Integer> seen = new HashMap<>();
		for (RecipientCsv.Row row : parsed.rows()) {
			String key = row.request().email().toLowerCase(Locale.ROOT);
			Integer earlier = seen.putIfAbsent(key, row.line());
			if (earlier != null) {
				problems.add(new FieldProblem(row.line(), "email", "This email address is also on line " + earlier));
			}
			else if (this.recipients.hasAddress(groupId, key)) {
				problems.add(new FieldProblem(row.line(), "email", DUPLICATE));
			}
		}
		if (!problems.isEmpty()) {
			problems.sort((a, b) -> Integer.compare(a.line() == null ? 0 : a.line(), b.line() == null ? 0 : b.line()));
			throw new InvalidRequestException(problems);
		}
		List<Recipient> added = new ArrayList<>();
		try {
			for (RecipientCsv.Row row : parsed.rows()) {
				Recipient recipient = new Recipient(TimeOrderedIds.next(), groupId, this.clock.instant());
				describe(recipient, row.request());
				added.add(this.recipients.insert(recipient));
			}
			return added;
		}
		catch (DuplicateKeyException ex) {
			// someone added one of these addresses meanwhile: undo, so the import stays
			// all-or-nothing
			this.recipients.deleteAll(added);
			throw duplicate();
		}
	}

	private static void check(RecipientRequest request) {
		List<FieldProblem> problems = request.problems();
		if (!problems.isEmpty()) {
			throw new InvalidRequestException(problems);
		}
	}

	private static void describe(Recipient recipient, RecipientRequest request) {
		recipient.describe(request.council(), request.name(), request.email(), request.types(), request.workstreams(),
				request.frequency());
	}

	private static ConflictException duplicate() {
		return new ConflictException("This recipient already exists", FieldProblem.of("email", DUPLICATE));
	}

}
