package org.keycities.testsupport;

import java.nio.file.Path;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.h2.mvstore.MVStore;

/**
 * mongo-java-server's H2 backend on a file with a page cache of 1 MB, so that whatever a
 * query reads comes from the file again: the bytes read tell whether a query scanned a
 * collection or used an index. For tests that prove a hot path reads only what it needs.
 */
public final class ReadCountingStore {

	private final MVStore store;

	private final H2Backend backend;

	private ReadCountingStore(Path file) {
		// no background writer: it commits and rewrites chunks whenever it likes, so what
		// a query had to read from the file varied from run to run; here only commit()
		// writes
		this.store = new MVStore.Builder().fileName(file.toString()).cacheSize(1).autoCommitDisabled().open();
		this.backend = new H2Backend(this.store);
	}

	public static ReadCountingStore open(Path file) {
		return new ReadCountingStore(file);
	}

	/** For a {@code MongoServer}, which closes it when it shuts down. */
	public H2Backend backend() {
		return this.backend;
	}

	/**
	 * Writes what is stored to the file, so that what is read next comes from the file.
	 */
	public void commit() {
		this.backend.commit();
	}

	/** The file's size in bytes. */
	public long size() {
		return this.store.getFileStore().size();
	}

	/** Bytes read from the file since it was opened. */
	public long bytesRead() {
		return this.store.getFileStore().getReadBytes();
	}

}
