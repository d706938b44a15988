package org.keycities.notification.recipient;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Gives the recipients an earlier version stored their {@code member} key, by which
 * {@link Subscribers#in} finds a group's recipients. It runs once at start-up, as this
 * bean is made: the consumer starts taking in events only once every bean is ready, so it
 * never looks recipients up before they have the key.
 */
@Component
class RecipientUpgrade implements InitializingBean {

	private final MongoTemplate mongo;

	RecipientUpgrade(MongoTemplate mongo) {
		this.mongo = mongo;
	}

	@Override
	public void afterPropertiesSet() {
		Query withoutKey = Query.query(Criteria.where("member").exists(false));
		withoutKey.fields().include("groupId");
		for (Recipient recipient : this.mongo.find(withoutKey, Recipient.class)) {
			// by _id alone, which reads only this recipient
			this.mongo.updateFirst(Query.query(Criteria.where("_id").is(recipient.getId())),
					Update.update("member", Recipient.member(recipient.getGroupId(), recipient.getId())),
					Recipient.class);
		}
	}

}
