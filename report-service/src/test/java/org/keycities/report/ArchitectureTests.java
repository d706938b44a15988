package org.keycities.report;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The report model knows nothing of how events arrive or how reports are shown; the
 * renderers know nothing of Kafka or HTTP.
 */
@AnalyzeClasses(packages = "org.keycities.report", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	@ArchTest
	static final ArchRule reportModelStandsAlone = noClasses().that()
		.resideInAPackage("..report.report..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("..report.ingest..", "..report.render..", "..report.web..", "org.apache.kafka..");

	@ArchTest
	static final ArchRule renderersKnowNoTransport = noClasses().that()
		.resideInAPackage("..report.render..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("..report.ingest..", "..report.web..", "org.apache.kafka..", "org.springframework.web..");

	@ArchTest
	static final ArchRule ingestionKnowsNoPresentation = noClasses().that()
		.resideInAPackage("..report.ingest..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("..report.render..", "..report.web..");

}
