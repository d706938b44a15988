package org.keycities.activity.events;

/**
 * An event on topic {@code activity-events}. Each one carries the whole current state of
 * its aggregate and that aggregate's version, so a consumer can apply it without having
 * seen the ones before.
 */
public sealed interface ActivityEvent permits GroupChanged, MilestoneRecorded, MilestoneAmended, MilestoneWithdrawn {

	/**
	 * The CloudEvents {@code type}, e.g.
	 * {@code org.keycities.activity.milestone.recorded.v1}.
	 */
	String eventType();

	/** The CloudEvents {@code subject}: the id of the aggregate. */
	String subject();

	/** The group the aggregate belongs to; also the Kafka record key. */
	String groupOf();

	/** The version of the aggregate after the change. */
	long aggregateVersion();

}
