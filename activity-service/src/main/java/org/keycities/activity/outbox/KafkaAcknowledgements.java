package org.keycities.activity.outbox;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.cloud.stream.config.ProducerMessageHandlerCustomizer;
import org.springframework.integration.kafka.outbound.KafkaProducerMessageHandler;
import org.springframework.integration.kafka.support.KafkaIntegrationHeaders;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Component;

/**
 * Kafka's acknowledgement of each record the relay sends, so that it can send many
 * without waiting for each (the binding is not {@code sync}) and still remove an event
 * from MongoDB only once Kafka has taken it. The binder's Kafka handler hands the future
 * of every send whose message carries a {@link KafkaIntegrationHeaders#FUTURE_TOKEN} to
 * its futures channel, on the sending thread, before the send returns; this keeps it by
 * that token until the relay takes it.
 */
@Component
class KafkaAcknowledgements implements ProducerMessageHandlerCustomizer<KafkaProducerMessageHandler<?, ?>> {

	private final Map<Object, CompletableFuture<?>> futures = new ConcurrentHashMap<>();

	@Override
	public void configure(KafkaProducerMessageHandler<?, ?> handler, String destination) {
		handler.setFuturesChannel((message, timeout) -> {
			this.futures.put(message.getHeaders().get(KafkaIntegrationHeaders.FUTURE_TOKEN),
					(CompletableFuture<?>) message.getPayload());
			return true;
		});
	}

	/** Asks for the acknowledgement of the message once it is sent. */
	static void request(MessageBuilder<?> message, String token) {
		message.setHeader(KafkaIntegrationHeaders.FUTURE_TOKEN, token);
	}

	/**
	 * The acknowledgement of the message just sent with this token, or null if the
	 * binding handed over none: it is then a binding that sends synchronously, whose
	 * accepting the message was the acknowledgement.
	 */
	CompletableFuture<?> take(String token) {
		return this.futures.remove(token);
	}

}
