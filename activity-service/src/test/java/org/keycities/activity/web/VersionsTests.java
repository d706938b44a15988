package org.keycities.activity.web;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class VersionsTests {

	@Test
	void matchingVersionPassesInTheFormsClientsSendIt() {
		assertThatCode(() -> Versions.requireMatch("\"3\"", 3)).doesNotThrowAnyException();
		assertThatCode(() -> Versions.requireMatch("W/\"3\"", 3)).doesNotThrowAnyException();
		assertThatCode(() -> Versions.requireMatch("3", 3)).doesNotThrowAnyException();
		assertThatCode(() -> Versions.requireMatch("\"2\", \"3\"", 3)).doesNotThrowAnyException();
		assertThatCode(() -> Versions.requireMatch("*", 3)).doesNotThrowAnyException();
	}

	@Test
	void staleVersionIsPreconditionFailed() {
		assertThatExceptionOfType(RequestRejected.class).isThrownBy(() -> Versions.requireMatch("\"2\"", 3))
			.satisfies((ex) -> org.assertj.core.api.Assertions.assertThat(ex.status())
				.isEqualTo(HttpStatus.PRECONDITION_FAILED));
	}

	@Test
	void missingIfMatchIsPreconditionRequired() {
		assertThatExceptionOfType(RequestRejected.class).isThrownBy(() -> Versions.requireMatch(null, 0))
			.satisfies((ex) -> org.assertj.core.api.Assertions.assertThat(ex.status())
				.isEqualTo(HttpStatus.PRECONDITION_REQUIRED));
	}

}
