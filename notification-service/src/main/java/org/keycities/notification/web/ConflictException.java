package org.keycities.notification.web;

/** The request clashes with what is stored; answered 409. */
public class ConflictException extends RuntimeException {

	private final FieldProblem problem;

	public ConflictException(String title, FieldProblem problem) {
		super(title);
		this.problem = problem;
	}

	public FieldProblem problem() {
		return this.problem;
	}

}
