package org.keycities.report.render;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.List;

import org.apache.poi.wp.usermodel.HeaderFooterType;
import org.apache.poi.xwpf.usermodel.UnderlinePatterns;
import org.apache.poi.xwpf.usermodel.XWPFAbstractNum;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFHyperlinkRun;
import org.apache.poi.xwpf.usermodel.XWPFNumbering;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFRun;
import org.apache.poi.xwpf.usermodel.XWPFStyle;
import org.apache.poi.xwpf.usermodel.XWPFStyles;
import org.keycities.report.report.AnnualReport;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTAbstractNum;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTLvl;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTPPrGeneral;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTRPr;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTStyle;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.STNumberFormat;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.STStyleType;

import org.springframework.stereotype.Component;

/**
 * A Word document officers can edit: real Title and Heading styles (so the navigation
 * pane and a table of contents work) and bullet lists with Word numbering. User text goes
 * into runs as text, never as markup; only http(s) links become hyperlinks.
 */
@Component
class DocxRenderer implements ReportRenderer {

	static final String TITLE = "Title";

	static final String HEADING_1 = "Heading1";

	static final String HEADING_2 = "Heading2";

	static final String LIST = "ListParagraph";

	@Override
	public ReportFormat format() {
		return ReportFormat.DOCX;
	}

	@Override
	public byte[] render(AnnualReport report) {
		try (XWPFDocument doc = new XWPFDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			styles(doc);
			BigInteger bullets = bullets(doc);
			AnnualReport.Group group = report.group();
			doc.getProperties().getCoreProperties().setTitle(group.title() + " (" + report.year() + ")");
			doc.createHeader(HeaderFooterType.DEFAULT).createParagraph().createRun().setText("LGA Leadership Board");
			styled(doc, TITLE, group.title());
			field(doc, "SIG Name", group.name());
			field(doc, "Lead Member", group.leadMember());
			field(doc, "Lead Officer", group.leadOfficer());
			field(doc, "Email", group.email());
			field(doc, "Address", group.address());
			field(doc, "Telephone", group.telephone());
			field(doc, "Website", group.website());
			if (!group.membership().isEmpty()) {
				field(doc, "Membership (" + group.membership().size() + ")", String.join(", ", group.membership()));
			}
			field(doc, "Reporting Year", report.year() + " (" + report.period() + ")");
			if (group.aim() != null || !group.keyRoles().isEmpty()) {
				styled(doc, HEADING_1, "Aim");
				HtmlRenderer.paragraphs(group.aim()).forEach((text) -> styled(doc, null, text));
				if (group.keyRolesIntro() != null) {
					styled(doc, null, group.keyRolesIntro());
				}
				group.keyRoles().forEach((role) -> bullet(doc, bullets, role));
			}
			styled(doc, HEADING_1, "Key Activities / Outcomes of work undertaken");
			for (AnnualReport.Section section : report.sections()) {
				if (section.workstream() == null) {
					for (AnnualReport.Milestone milestone : section.milestones()) {
						bullet(doc, bullets, milestone.text());
						links(doc, milestone.links());
					}
					continue;
				}
				styled(doc, HEADING_2, section.workstream());
				for (AnnualReport.Milestone milestone : section.milestones()) {
					HtmlRenderer.paragraphs(milestone.text()).forEach((text) -> styled(doc, null, text));
					links(doc, milestone.links());
				}
			}
			doc.write(out);
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static XWPFParagraph styled(XWPFDocument doc, String style, String text) {
		XWPFParagraph paragraph = doc.createParagraph();
		if (style != null) {
			paragraph.setStyle(style);
		}
		paragraph.createRun().setText(text);
		return paragraph;
	}

	private static void field(XWPFDocument doc, String label, String value) {
		if (value == null || value.isBlank()) {
			return;
		}
		XWPFParagraph paragraph = doc.createParagraph();
		XWPFRun name = paragraph.createRun();
		name.setBold(true);
		name.setText(label + ":");
		paragraph.createRun().setText(" " + value);
	}

	private static void bullet(XWPFDocument doc, BigInteger numbering, String text) {
		XWPFParagraph paragraph = styled(doc, LIST, text);
		paragraph.setNumID(numbering);
		paragraph.setNumILvl(BigInteger.ZERO);
	}

	private static void links(XWPFDocument doc, List<String> links) {
		for (String link : links) {
			XWPFParagraph paragraph = doc.createParagraph();
			if (Links.clickable(link)) {
				XWPFHyperlinkRun run = paragraph.createHyperlinkRun(link.trim());
				run.setText(link.trim());
				run.setColor("1D70B8");
				run.setUnderline(UnderlinePatterns.SINGLE);
			}
			else {
				paragraph.createRun().setText(link);
			}
		}
	}

	/** Word recognises its built-in styles by these names, whatever the language. */
	private static void styles(XWPFDocument doc) {
		XWPFStyles styles = doc.createStyles();
		styles.addStyle(style(TITLE, "Title", -1, 52));
		styles.addStyle(style(HEADING_1, "heading 1", 0, 32));
		styles.addStyle(style(HEADING_2, "heading 2", 1, 26));
		styles.addStyle(style(LIST, "List Paragraph", -1, 0));
	}

	private static XWPFStyle style(String id, String name, int outlineLevel, int halfPoints) {
		CTStyle style = CTStyle.Factory.newInstance();
		style.setStyleId(id);
		style.setType(STStyleType.PARAGRAPH);
		style.addNewName().setVal(name);
		style.addNewQFormat();
		CTPPrGeneral paragraph = style.addNewPPr();
		if (outlineLevel >= 0) {
			paragraph.addNewOutlineLvl().setVal(BigInteger.valueOf(outlineLevel));
			paragraph.addNewKeepNext();
			paragraph.addNewSpacing().setBefore(BigInteger.valueOf(240));
		}
		if (LIST.equals(id)) {
			paragraph.addNewInd().setLeft(BigInteger.valueOf(720));
		}
		if (halfPoints > 0) {
			CTRPr run = style.addNewRPr();
			run.addNewB();
			run.addNewSz().setVal(BigInteger.valueOf(halfPoints));
		}
		return new XWPFStyle(style);
	}

	private static BigInteger bullets(XWPFDocument doc) {
		CTAbstractNum bullets = CTAbstractNum.Factory.newInstance();
		bullets.setAbstractNumId(BigInteger.ZERO);
		CTLvl level = bullets.addNewLvl();
		level.setIlvl(BigInteger.ZERO);
		level.addNewStart().setVal(BigInteger.ONE);
		level.addNewNumFmt().setVal(STNumberFormat.BULLET);
		level.addNewLvlText().setVal("\u2022");
		level.addNewPPr().addNewInd().setLeft(BigInteger.valueOf(720));
		level.getPPr().getInd().setHanging(BigInteger.valueOf(360));
		XWPFNumbering numbering = doc.createNumbering();
		return numbering.addNum(numbering.addAbstractNum(new XWPFAbstractNum(bullets)));
	}

}
