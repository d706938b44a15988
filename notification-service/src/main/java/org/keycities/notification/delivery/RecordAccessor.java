package org.keycities.notification.delivery;

import java.lang.reflect.RecordComponent;
import java.util.HashMap;
import java.util.Map;

import org.springframework.expression.AccessException;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.PropertyAccessor;
import org.springframework.expression.TypedValue;
import org.springframework.util.ReflectionUtils;

/**
 * Reads a record's components in the emails' templates ({@code ${milestone.title}}). SpEL
 * keeps the accessor that read a property only while that accessor is one of the
 * context's own; the reflective one hands out a new accessor for each read, so every
 * property of every email was looked up again (a fifth of the sender threads' time in the
 * benchmark's end-to-end scenario). This one is the context's own, so each expression
 * keeps it.
 */
final class RecordAccessor implements PropertyAccessor {

	private final ClassValue<Map<String, RecordComponent>> components = new ClassValue<>() {

		@Override
		protected Map<String, RecordComponent> computeValue(Class<?> type) {
			Map<String, RecordComponent> byName = new HashMap<>();
			for (RecordComponent component : type.getRecordComponents()) {
				ReflectionUtils.makeAccessible(component.getAccessor());
				byName.put(component.getName(), component);
			}
			return byName;
		}

	};

	@Override
	public Class<?>[] getSpecificTargetClasses() {
		return new Class<?>[] { MilestoneView.class, EmailComposer.Links.class };
	}

	@Override
	public boolean canRead(EvaluationContext context, Object target, String name) {
		return target != null && target.getClass().isRecord() && component(target, name) != null;
	}

	@Override
	public TypedValue read(EvaluationContext context, Object target, String name) throws AccessException {
		RecordComponent component = (target != null) ? component(target, name) : null;
		if (component == null) {
			throw new AccessException("No component " + name + " to read");
		}
		try {
			return new TypedValue(component.getAccessor().invoke(target));
		}
		catch (ReflectiveOperationException ex) {
			throw new AccessException("Could not read " + name, ex);
		}
	}

	private RecordComponent component(Object target, String name) {
		return this.components.get(target.getClass()).get(name);
	}

	@Override
	public boolean canWrite(EvaluationContext context, Object target, String name) {
		return false;
	}

	@Override
	public void write(EvaluationContext context, Object target, String name, Object newValue) throws AccessException {
		throw new AccessException("The emails' templates only read");
	}

}
