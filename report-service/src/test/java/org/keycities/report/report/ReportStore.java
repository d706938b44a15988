package org.keycities.report.report;

import java.time.Instant;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import org.keycities.activity.events.ActivityEvent;
import org.keycities.activity.events.GroupChanged;
import org.keycities.activity.events.MilestoneAmended;
import org.keycities.activity.events.MilestoneRecorded;
import org.keycities.activity.events.MilestoneSnapshot;
import org.keycities.activity.events.MilestoneWithdrawn;

import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The report model on a MongoDB wire-protocol server of its own, without an application
 * context, for tests that look at what is stored or read.
 */
final class ReportStore implements AutoCloseable {

	final MongoServer server;

	final MongoClient client;

	final MongoTemplate mongo;

	final ReportModel model;

	final ProcessedEvents processed;

	final AnnualReports reports;

	ReportStore(MongoBackend backend) {
		this.server = new MongoServer(backend);
		this.server.bind("127.0.0.1", 0);
		this.client = MongoClients.create(this.server.getConnectionString());
		this.mongo = new MongoTemplate(this.client, "report");
		this.model = new ReportModel(this.mongo);
		this.processed = new ProcessedEvents(this.mongo);
		this.reports = new AnnualReports(this.mongo, this.processed);
	}

	/** As the live ingestion applies an event: once per {@code ce_id}. */
	void apply(String ceId, ActivityEvent event) {
		if (this.processed.contains(ceId)) {
			return;
		}
		Instant occurredAt;
		if (event instanceof GroupChanged group) {
			this.model.store(GroupProfile.of(group));
			occurredAt = group.changedAt();
		}
		else {
			MilestoneSnapshot milestone = snapshotOf(event);
			this.model.store(MilestoneEntry.of(milestone, milestone.status()));
			occurredAt = milestone.changedAt();
		}
		this.processed.remember(new ProcessedEvent(ceId, event.groupOf(), event.eventType(), occurredAt));
	}

	private static MilestoneSnapshot snapshotOf(ActivityEvent event) {
		if (event instanceof MilestoneRecorded recorded) {
			return recorded.milestone();
		}
		if (event instanceof MilestoneAmended amended) {
			return amended.milestone();
		}
		return ((MilestoneWithdrawn) event).milestone();
	}

	@Override
	public void close() {
		this.client.close();
		this.server.shutdownNow();
	}

}
