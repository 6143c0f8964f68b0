package interop;

import gateway.lrs.ao._1.Achievement;
import gateway.lrs.ao._1.AchievementChanges;
import gateway.lrs.ao._1.AchievementKey;
import gateway.lrs.ao._1.ActionReason;
import gateway.lrs.ao._1.AoGatewayPortType;
import gateway.lrs.ao._1.AoGatewayService;
import gateway.lrs.ao._1.BatchFormat;
import gateway.lrs.ao._1.BatchJob;
import gateway.lrs.ao._1.BatchJobList;
import gateway.lrs.ao._1.BatchJobOutput;
import gateway.lrs.ao._1.BatchJobStatus;
import gateway.lrs.ao._1.BatchJobType;
import gateway.lrs.ao._1.ChallengedAchievementReference;
import gateway.lrs.ao._1.CreditCheck;
import gateway.lrs.ao._1.DataChallenge;
import gateway.lrs.ao._1.DataChallengeList;
import gateway.lrs.ao._1.DataChallengeProblemType;
import gateway.lrs.ao._1.DataChallengeStatus;
import gateway.lrs.ao._1.DataChallengeSummary;
import gateway.lrs.ao._1.DataChallengeType;
import gateway.lrs.ao._1.FailureFlag;
import gateway.lrs.ao._1.FindResponseCode;
import gateway.lrs.ao._1.FoundLearner;
import gateway.lrs.ao._1.GatewayFault;
import gateway.lrs.ao._1.LearnerByULN;
import gateway.lrs.ao._1.LearnerDetails;
import gateway.lrs.ao._1.LearnerForAchievement;
import gateway.lrs.ao._1.LearnerRecordResponseCode;
import gateway.lrs.ao._1.LearningEvent;
import gateway.lrs.ao._1.NewAchievement;
import gateway.lrs.ao._1.UnitCredit;
import gateway.lrs.ao._1.VerificationResponseCode;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.XMLGregorianCalendar;
import javax.xml.namespace.QName;
import javax.xml.soap.MessageFactory;
import javax.xml.soap.SOAPConstants;
import javax.xml.soap.SOAPElement;
import javax.xml.soap.SOAPFault;
import javax.xml.soap.SOAPMessage;
import javax.xml.ws.BindingProvider;
import javax.xml.ws.Dispatch;
import javax.xml.ws.Holder;
import javax.xml.ws.Service;
import javax.xml.ws.handler.Handler;
import javax.xml.ws.soap.SOAPBinding;
import javax.xml.ws.soap.SOAPFaultException;

/**
 * Every operation of the AO gateway (/soap/ao), called through the client wsimport generated
 * from the served WSDL, each with a happy path and a fault path. The learner and the dates come
 * from the test, so that several clients can share one gateway.
 */
final class AoGatewayClient {
  private static final String AO_NS = "urn:lrs-gateway:ao:1";
  private static final String PASSWORD = "Compat-Test-2026";
  private static final String A_LEVEL = "60356789";
  private static final String UNIT = "A6017001";
  private static final String UNIT_QUALIFICATION = "60170700";

  private final String base;
  private final String uln;
  private final String givenName;
  private final String familyName;
  private final XMLGregorianCalendar awardDate;
  private final XMLGregorianCalendar otherDate;
  private final XMLGregorianCalendar actionDate;
  private final Lines lines = new Lines("ao", AoGatewayClient::faultOf);
  private final AoGatewayService service;

  AoGatewayClient(String base, String uln, String givenName, String familyName, String awardDate, String otherDate, String actionDate)
      throws Exception {
    this.base = base;
    this.uln = uln;
    this.givenName = givenName;
    this.familyName = familyName;
    this.awardDate = date(awardDate);
    this.otherDate = date(otherDate);
    this.actionDate = date(actionDate);
    // A vendor points the generated service at the deployment's WSDL, not the one wsimport read.
    this.service = new AoGatewayService(new URL(base + "/soap/ao?wsdl"));
  }

  void run() throws Exception {
    verifyLearner();
    learners();
    achievements();
    dataChallenges();
    batchJobs();
  }

  private void verifyLearner() {
    AoGatewayPortType victor = port("victor.vance", false);
    lines.step("VerifyLearner", "happy", () -> verify(victor, uln));
    lines.step("VerifyLearner", "happy:PasswordDigest", () -> verify(port("victor.vance", true), uln));
    lines.step("VerifyLearner", "happy:HTTP Basic", () -> verify(basicPort("victor.vance", PASSWORD), uln));
    lines.step("VerifyLearner", "fault", () -> verify(victor, "9999999999"));
    lines.step("VerifyLearner", "fault:wrong password", () -> verify(basicPort("victor.vance", "Not-The-Password-1"), uln));
    lines.step("VerifyLearner", "fault:SOAP 1.2", this::verifyOverSoap12);
  }

  /**
   * A SOAP 1.2 client (a JAX-WS Dispatch on a SOAP 1.2 binding) posting to the gateway, which
   * speaks SOAP 1.1 only: it must be told so with a VersionMismatch fault.
   */
  private Map<String, Object> verifyOverSoap12() throws Exception {
    QName portName = new QName(AO_NS, "AoGatewaySoap12Port");
    Service soap12 = Service.create(new QName(AO_NS, "AoGatewayService"));
    soap12.addPort(portName, SOAPBinding.SOAP12HTTP_BINDING, base + "/soap/ao");
    Dispatch<SOAPMessage> dispatch = soap12.createDispatch(portName, SOAPMessage.class, Service.Mode.MESSAGE);
    SOAPMessage request = MessageFactory.newInstance(SOAPConstants.SOAP_1_2_PROTOCOL).createMessage();
    SOAPElement verify = request.getSOAPBody().addChildElement("VerifyLearner", "ao", AO_NS);
    verify.addChildElement("ULN", "ao").addTextNode(uln);
    verify.addChildElement("GivenName", "ao").addTextNode(givenName);
    verify.addChildElement("FamilyName", "ao").addTextNode(familyName);
    SOAPMessage reply = dispatch.invoke(request);
    return Lines.map("body", reply.getSOAPBody().getFirstChild().getLocalName());
  }

  private Map<String, Object> verify(AoGatewayPortType port, String ulnToVerify) throws GatewayFault {
    Holder<VerificationResponseCode> code = new Holder<>();
    Holder<LearnerDetails> learner = new Holder<>();
    Holder<List<FailureFlag>> flags = new Holder<>();
    port.verifyLearner(ulnToVerify, givenName, familyName, null, null, code, learner, flags);
    return Lines.map(
        "responseCode", code.value,
        "uln", learner.value == null ? null : learner.value.getULN(),
        "failureFlags", flags.value == null ? Collections.emptyList() : flags.value);
  }

  /** Finding a learner and reading their record: AO One holds learner management, AO Two does not. */
  private void learners() {
    AoGatewayPortType victor = port("victor.vance", false);
    lines.step("FindLearner", "happy", () -> findLinked(victor));
    lines.step("FindLearner", "fault", () -> findLinked(port("nadia.novak", false)));
    lines.step("GetLearnerRecord", "happy", () -> record(victor, uln, givenName, familyName));
    lines.step("GetLearnerRecord", "fault", () -> record(victor, "1026922983", "Private", "Testlearner"));
  }

  /** The linked ULN of the compatibility data set, by ULN: its master found, with the ULNs linked to it. */
  private Map<String, Object> findLinked(AoGatewayPortType port) throws GatewayFault {
    LearnerByULN byUln = new LearnerByULN();
    byUln.setULN("4444599390");
    byUln.setGivenName("Sample");
    byUln.setFamilyName("Test");
    Holder<FindResponseCode> code = new Holder<>();
    Holder<List<FoundLearner>> found = new Holder<>();
    port.findLearner(byUln, null, code, found);
    List<Object> learners = new ArrayList<>();
    if (found.value != null) {
      for (FoundLearner l : found.value) learners.add(Arrays.asList(l.getULN(), l.isMasterSubstituted(), l.getLinkedULN()));
    }
    return Lines.map("responseCode", code.value, "learners", learners);
  }

  private Map<String, Object> record(AoGatewayPortType port, String ulnOf, String given, String family) throws GatewayFault {
    Holder<LearnerRecordResponseCode> code = new Holder<>();
    Holder<String> incoming = new Holder<>();
    Holder<String> found = new Holder<>();
    Holder<List<LearningEvent>> events = new Holder<>();
    port.getLearnerRecord(ulnOf, given, family, null, null, code, incoming, found, events);
    return Lines.map("responseCode", code.value, "foundUln", found.value, "events", events.value == null ? 0 : events.value.size());
  }

  private void achievements() {
    AoGatewayPortType quentin = port("quentin.quinn", false);
    LearnerForAchievement learner = new LearnerForAchievement();
    learner.setULN(uln);
    learner.setGivenName(givenName);
    learner.setFamilyName(familyName);
    lines.step("CreateAchievement", "happy", () -> achievement(quentin.createAchievement(learner, newAchievement(A_LEVEL, "C"), null)));
    lines.step("CreateAchievement", "happy:unit", () -> achievement(quentin.createAchievement(learner, newAchievement(UNIT, "Pass"), null)));
    lines.step("CreateAchievement", "fault", () -> achievement(quentin.createAchievement(learner, newAchievement(A_LEVEL, "C"), null)));

    AchievementKey key = key(awardDate);
    lines.step("FindAchievement", "happy", () -> achievement(quentin.findAchievement(key)));
    lines.step("FindAchievement", "fault", () -> achievement(quentin.findAchievement(key(otherDate))));

    lines.step("UpdateAchievement", "happy", () -> achievement(quentin.updateAchievement(key, grade("B"), actionDate, null)));
    lines.step("UpdateAchievement", "fault", () -> achievement(quentin.updateAchievement(key, grade("Z"), actionDate, null)));

    lines.step("PerformCreditCheck", "happy", () -> creditCheck(quentin.performCreditCheck(uln, givenName, familyName, UNIT_QUALIFICATION)));
    lines.step("PerformCreditCheck", "fault", () -> creditCheck(quentin.performCreditCheck(uln, givenName, familyName, "Z9999999")));

    lines.step("WithdrawAchievement", "happy",
        () -> achievement(quentin.withdrawAchievement(key, actionDate, ActionReason.ACHINVALID, null)));
    lines.step("WithdrawAchievement", "fault",
        () -> achievement(quentin.withdrawAchievement(key, actionDate, ActionReason.ACHINVALID, null)));
    lines.step("ReinstateAchievement", "happy",
        () -> achievement(quentin.reinstateAchievement(key, actionDate, ActionReason.SUBINERROR, null)));
    lines.step("ReinstateAchievement", "fault",
        () -> achievement(quentin.reinstateAchievement(key, actionDate, ActionReason.SUBINERROR, null)));
  }

  private void dataChallenges() {
    AoGatewayPortType ao = port("quentin.quinn", false);
    AoGatewayPortType school = port("lena.lowe", false);
    ChallengedAchievementReference reference = new ChallengedAchievementReference();
    reference.setULN(uln);
    reference.setAimReference(A_LEVEL);
    reference.setAwardDate(awardDate);
    String description = "The grade is wrong: the certificate says A";
    Map<String, Object> raised = lines.step("RaiseDataChallenge", "happy", () -> challenge(school.raiseDataChallenge(
        reference, DataChallengeType.INFORMATION_WRONG, DataChallengeProblemType.GRADE_WRONG, description)));
    lines.step("RaiseDataChallenge", "fault", () -> challenge(ao.raiseDataChallenge(
        reference, DataChallengeType.INFORMATION_WRONG, DataChallengeProblemType.GRADE_WRONG, description)));
    long id = raised == null ? 0 : (Long) raised.get("id");

    lines.step("ListDataChallenges", "happy", () -> list(ao.listDataChallenges(null, null, null), id));
    lines.step("ListDataChallenges", "fault", () -> list(ao.listDataChallenges(DataChallengeStatus.NEW, 1, 500), id));
    lines.step("GetDataChallenge", "happy", () -> challenge(ao.getDataChallenge(id)));
    lines.step("GetDataChallenge", "fault", () -> challenge(ao.getDataChallenge(987654L)));
    lines.step("SetDataChallengesInProgress", "happy", () -> summaries(ao.setDataChallengesInProgress(List.of(id))));
    lines.step("SetDataChallengesInProgress", "fault", () -> summaries(school.setDataChallengesInProgress(List.of(id))));
    lines.step("UpdateDataChallenge", "fault", () -> challenge(ao.updateDataChallenge(id, DataChallengeStatus.RESOLVED_REJECTED, null)));
    lines.step("UpdateDataChallenge", "happy",
        () -> challenge(ao.updateDataChallenge(id, DataChallengeStatus.RESOLVED_REJECTED, "The certificate was checked: grade B")));
  }

  private void batchJobs() throws Exception {
    AoGatewayPortType barbara = port("barbara.bates", false);
    byte[] file = ("MISIdentifier,ULN,FamilyName,GivenName,DateOfBirth,Gender\n"
        + "JAVA-1," + uln + "," + familyName + "," + givenName + ",,\n"
        + "JAVA-2,1026893096,Testname,Sample,1976-08-16,2\n").getBytes(StandardCharsets.UTF_8);
    Map<String, Object> submitted = lines.step("SubmitBatchJob", "happy",
        () -> job(barbara.submitBatchJob(BatchJobType.VERIFY_LEARNER, BatchFormat.CSV, "verify-java.csv", file)));
    lines.step("SubmitBatchJob", "fault",
        () -> job(barbara.submitBatchJob(BatchJobType.VERIFY_LEARNER, BatchFormat.CSV, "empty.csv", new byte[0])));
    long jobId = submitted == null ? 0 : (Long) submitted.get("jobId");
    BatchJob toCancel = barbara.submitBatchJob(BatchJobType.VERIFY_LEARNER, BatchFormat.CSV, "cancel-java.csv", file);
    lines.step("CancelBatchJob", "happy", () -> job(barbara.cancelBatchJob(toCancel.getJobId())));
    lines.step("GetBatchJob", "happy:waiting", () -> job(barbara.getBatchJob(jobId)));
    lines.step("GetBatchJob", "fault", () -> job(barbara.getBatchJob(99999999L)));
    lines.step("GetBatchJobOutput", "fault", () -> output(barbara.getBatchJobOutput(jobId)));
    Lines.awaitWorker();
    lines.step("GetBatchJob", "happy", () -> job(barbara.getBatchJob(jobId)));
    lines.step("GetBatchJobOutput", "happy", () -> output(barbara.getBatchJobOutput(jobId)));
    lines.step("ListBatchJobs", "happy",
        () -> jobList(barbara.listBatchJobs(BatchJobType.VERIFY_LEARNER, BatchJobStatus.SUCCESSFUL, null, null, null, 10), jobId));
    lines.step("ListBatchJobs", "fault",
        () -> jobList(barbara.listBatchJobs(BatchJobType.ACHIEVEMENT, null, null, null, null, null), jobId));
    lines.step("CancelBatchJob", "fault", () -> job(barbara.cancelBatchJob(jobId)));
  }

  // --- ports and credentials

  private AoGatewayPortType port(String username, boolean digest) {
    AoGatewayPortType port = service.getAoGatewaySoap11Port();
    List<Handler> chain = new ArrayList<>();
    chain.add(new WsSecurityHandler(username, PASSWORD, digest));
    ((BindingProvider) port).getBinding().setHandlerChain(chain);
    return port;
  }

  private AoGatewayPortType basicPort(String username, String password) {
    AoGatewayPortType port = service.getAoGatewaySoap11Port();
    ((BindingProvider) port).getRequestContext().put(BindingProvider.USERNAME_PROPERTY, username);
    ((BindingProvider) port).getRequestContext().put(BindingProvider.PASSWORD_PROPERTY, password);
    return port;
  }

  // --- request values

  private NewAchievement newAchievement(String reference, String grade) {
    NewAchievement a = new NewAchievement();
    a.setAimReference(reference);
    a.setAwardDate(awardDate);
    a.setGrade(grade);
    return a;
  }

  private AchievementKey key(XMLGregorianCalendar date) {
    AchievementKey key = new AchievementKey();
    key.setULN(uln);
    key.setGivenName(givenName);
    key.setFamilyName(familyName);
    key.setAimReference(A_LEVEL);
    key.setAwardDate(date);
    return key;
  }

  private static AchievementChanges grade(String grade) {
    AchievementChanges changes = new AchievementChanges();
    changes.setGrade(grade);
    return changes;
  }

  private static XMLGregorianCalendar date(String yyyyMmDd) throws Exception {
    return DatatypeFactory.newInstance().newXMLGregorianCalendar(yyyyMmDd);
  }

  // --- what the test compares

  private static Map<String, Object> achievement(Achievement a) {
    return Lines.map(
        "aimReference", a.getAimReference(),
        "awardDate", a.getAwardDate().toXMLFormat(),
        "grade", a.getGrade(),
        "status", a.getStatus(),
        "underDataChallenge", a.isUnderDataChallenge(),
        "events", a.getEvent().stream().map(e -> e.getAction().name()).collect(Collectors.toList()));
  }

  private static Map<String, Object> creditCheck(CreditCheck c) {
    return Lines.map(
        "uln", c.getULN(),
        "qualification", c.getQualification() == null ? null : c.getQualification().getAimReference(),
        "units", c.getUnit().stream().map(UnitCredit::getAimReference).collect(Collectors.toList()),
        "totalCredits", c.getTotalCredits());
  }

  private static Map<String, Object> challenge(DataChallenge c) {
    return Lines.map(
        "id", c.getId(),
        "status", c.getStatus(),
        "type", c.getType(),
        "problemType", c.getProblemType(),
        "raisedBy", c.getRaisedBy().getUsername(),
        "assignedTo", c.getAssignedTo().getUKPRN(),
        "comments", c.getComment().stream().map(m -> m.getText()).collect(Collectors.toList()));
  }

  private static Map<String, Object> list(DataChallengeList list, long id) {
    return Lines.map(
        "listsTheChallenge", list.getDataChallenge().stream().anyMatch(s -> s.getId() == id),
        "page", list.getPage(),
        "pageSize", list.getPageSize(),
        "totalCountCoversPage", list.getTotalCount() >= list.getDataChallenge().size());
  }

  private static Map<String, Object> summaries(List<DataChallengeSummary> summaries) {
    return Lines.map("statuses", summaries.stream().map(DataChallengeSummary::getStatus).collect(Collectors.toList()));
  }

  private static Map<String, Object> job(BatchJob j) {
    return Lines.map(
        "jobId", j.getJobId(),
        "type", j.getType(),
        "format", j.getFormat(),
        "status", j.getStatus(),
        "rowCount", j.getRowCount(),
        "rowsSucceeded", j.getRowsSucceeded(),
        "rowsFailed", j.getRowsFailed());
  }

  private static Map<String, Object> jobList(BatchJobList list, long id) {
    return Lines.map(
        "listsTheJob", list.getJob().stream().anyMatch(j -> j.getJobId() == id),
        "page", list.getPage(),
        "pageSize", list.getPageSize(),
        "totalCountCoversPage", list.getTotalCount() >= list.getJob().size());
  }

  private static Map<String, Object> output(BatchJobOutput o) {
    String text = new String(o.getContent(), StandardCharsets.UTF_8);
    return Lines.map("format", o.getFormat(), "fileName", o.getFileName(), "lines", List.of(text.split("\r?\n")));
  }

  private static Map<String, Object> faultOf(Exception e) {
    if (e instanceof SOAPFaultException) {
      SOAPFault fault = ((SOAPFaultException) e).getFault();
      return Lines.map(
          "exception", "SOAPFaultException",
          "faultcode", fault.getFaultCodeAsQName().getLocalPart(),
          "faultcodeNamespace", fault.getFaultCodeAsQName().getNamespaceURI(),
          "faultstring", fault.getFaultString());
    }
    if (!(e instanceof GatewayFault)) return null;
    GatewayFault fault = (GatewayFault) e;
    return Lines.map(
        "exception", "GatewayFault",
        "faultstring", fault.getMessage(),
        "code", fault.getFaultInfo().getCode(),
        "hasCorrelationId", !fault.getFaultInfo().getCorrelationId().isEmpty());
  }
}
