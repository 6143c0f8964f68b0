package interop;

import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.xml.bind.JAXBElement;
import org.tempuri.LearnerPortType;
import org.tempuri.LearnerServiceProxy;
import org.tempuri.MIAPAPIExceptionFault;
import uk.gov.miap.lrs.api.findmsg.FindLearnerResp;
import uk.gov.miap.lrs.api.findmsg.LearnerByDemographicsRqst;
import uk.gov.miap.lrs.api.findmsg.LearnerByULNRqst;
import uk.gov.miap.lrs.api.learner.Learner;
import uk.gov.miap.lrs.api.learner.MIAPBatchLearnerToVerify;
import uk.gov.miap.lrs.api.learner.MIAPLearnerToVerify;
import uk.gov.miap.lrs.api.learner.MIAPRetrievedULN;
import uk.gov.miap.lrs.api.learner.MIAPULNsToRetrieve;
import uk.gov.miap.lrs.api.learner.MIAPVerifiedBatchLearner;
import uk.gov.miap.lrs.api.learner.MIAPVerifiedLearner;
import uk.gov.miap.lrs.api.reportmsg.RetrieveULNsResp;
import uk.gov.miap.lrs.api.reportmsg.RetrieveULNsRqst;
import uk.gov.miap.lrs.api.reportmsg.VerifyLearnerRqst;
import uk.gov.miap.lrs.api.vldmsg.VerifyBatchOutputResp;
import uk.gov.miap.lrs.api.vldmsg.VerifyBatchOutputRqst;
import uk.gov.miap.lrs.api.vldmsg.VerifyBatchResp;
import uk.gov.miap.lrs.api.vldmsg.VerifyBatchRqst;

/**
 * Every operation of the LRS-compatible Learner Register (/LearnerService.svc) through the
 * wsimport client, credentials in the body as for the real LRS. Unset nillable elements go as
 * xsi:nil, as JAXB sends them (OrganisationRef beside the UKPRN, DateOfBirth, Gender).
 */
final class LearnerServiceClient {
  private static final String UKPRN = "10099901";
  private static final String ORG_PASSWORD = "AO1WebService#01";

  private final LearnerPortType port;
  private final String uln;
  private final String givenName;
  private final String familyName;
  private final Lines lines = new Lines("lrs", LearnerServiceClient::faultOf);
  private final uk.gov.miap.lrs.api.reportmsg.ObjectFactory report = new uk.gov.miap.lrs.api.reportmsg.ObjectFactory();
  private final uk.gov.miap.lrs.api.vldmsg.ObjectFactory vld = new uk.gov.miap.lrs.api.vldmsg.ObjectFactory();
  private final uk.gov.miap.lrs.api.learner.ObjectFactory learner = new uk.gov.miap.lrs.api.learner.ObjectFactory();
  private final uk.gov.miap.lrs.api.findmsg.ObjectFactory find = new uk.gov.miap.lrs.api.findmsg.ObjectFactory();

  LearnerServiceClient(String base, String uln, String givenName, String familyName) throws Exception {
    this.port = new LearnerServiceProxy(new URL(base + "/LearnerService.svc?wsdl")).getBasicHttpBindingLearnerPortType();
    this.uln = uln;
    this.givenName = givenName;
    this.familyName = familyName;
  }

  void run() throws Exception {
    // Finding learners needs learner management (AO One holds it; AO Two does not).
    lines.step("learnerByULN", "happy", () -> found(port.learnerByULN(byUln("4444599390"))));
    lines.step("learnerByULN", "fault", () -> found(port.learnerByULN(byUln("1026893097"))));
    lines.step("learnerByDemographics", "happy", () -> found(port.learnerByDemographics(byDemographics(UKPRN, ORG_PASSWORD, "victor.vance"))));
    lines.step(
        "learnerByDemographics", "fault", () -> found(port.learnerByDemographics(byDemographics("10099902", "AO2WebService#02", "nadia.novak"))));
    lines.step("retrieveULNs", "happy", () -> retrieved(port.retrieveULNs(retrieve(List.of("4444599390", "1026893096")))));
    lines.step("retrieveULNs", "fault", () -> retrieved(port.retrieveULNs(retrieve(java.util.Collections.nCopies(201, "1026893096")))));

    lines.step("verifyLearner", "happy", () -> verified(port.verifyLearner(verifyRequest(givenName))));
    // guide Appendix B / the real MIAPNameNonEmpty type: an empty name fails the schema (WSEC0001).
    lines.step("verifyLearner", "fault", () -> verified(port.verifyLearner(verifyRequest(""))));

    Map<String, Object> submitted = lines.step("submitVerifyBatch", "happy", () -> submitted(port.submitVerifyBatch(batch(ORG_PASSWORD))));
    lines.step("submitVerifyBatch", "fault", () -> submitted(port.submitVerifyBatch(batch("AO1WebService#99"))));
    long jobId = submitted == null ? 0 : (Long) submitted.get("jobId");
    lines.step("getVerifyBatchOutput", "happy:not finished", () -> output(port.getVerifyBatchOutput(outputRequest(UKPRN, jobId))));
    Lines.awaitWorker();
    lines.step("getVerifyBatchOutput", "happy", () -> output(port.getVerifyBatchOutput(outputRequest(UKPRN, jobId))));
    lines.step("getVerifyBatchOutput", "fault", () -> output(port.getVerifyBatchOutput(outputRequest("10000000", jobId))));
  }

  private LearnerByULNRqst byUln(String ulnToFind) {
    LearnerByULNRqst request = new LearnerByULNRqst();
    request.setFindType("FUL");
    request.setUKPRN(find.createLearnerByULNRqstUKPRN(UKPRN));
    request.setOrgPassword(ORG_PASSWORD);
    request.setUserName("victor.vance");
    request.setULN(ulnToFind);
    request.setFamilyName("Test");
    request.setGivenName("Sample");
    return request;
  }

  private LearnerByDemographicsRqst byDemographics(String ukprn, String orgPassword, String userName) {
    LearnerByDemographicsRqst request = new LearnerByDemographicsRqst();
    request.setFindType("CHK");
    request.setUKPRN(find.createLearnerByDemographicsRqstUKPRN(ukprn));
    request.setOrgPassword(orgPassword);
    request.setUserName(userName);
    request.setFamilyName("Test");
    request.setGivenName("Sample");
    request.setDateOfBirth("1995-06-28");
    request.setGender("2");
    request.setLastKnownPostCode("ZZ12ZZ");
    return request;
  }

  private RetrieveULNsRqst retrieve(List<String> ulns) {
    RetrieveULNsRqst request = new RetrieveULNsRqst();
    request.setUKPRN(report.createRetrieveULNsRqstUKPRN(UKPRN));
    request.setOrgPassword(ORG_PASSWORD);
    request.setUserName("victor.vance");
    MIAPULNsToRetrieve toRetrieve = new MIAPULNsToRetrieve();
    toRetrieve.getULN().addAll(ulns);
    request.setULNsToRetrieve(toRetrieve);
    return request;
  }

  private VerifyLearnerRqst verifyRequest(String given) {
    VerifyLearnerRqst request = new VerifyLearnerRqst();
    request.setOrganisationRef(report.createVerifyLearnerRqstOrganisationRef(null));
    request.setUKPRN(report.createVerifyLearnerRqstUKPRN(UKPRN));
    request.setOrgPassword(ORG_PASSWORD);
    request.setUserName("victor.vance");
    MIAPLearnerToVerify toVerify = new MIAPLearnerToVerify();
    toVerify.setULN(uln);
    toVerify.setFamilyName(familyName);
    toVerify.setGivenName(given);
    toVerify.setDateOfBirth(learner.createMIAPLearnerToVerifyDateOfBirth(null));
    toVerify.setGender(learner.createMIAPLearnerToVerifyGender(null));
    request.setLearnerToVerify(toVerify);
    return request;
  }

  private VerifyBatchRqst batch(String orgPassword) {
    VerifyBatchRqst request = new VerifyBatchRqst();
    request.setOrganisationRef(vld.createVerifyBatchRqstOrganisationRef(null));
    request.setUKPRN(vld.createVerifyBatchRqstUKPRN(UKPRN));
    request.setOrgPassword(orgPassword);
    request.setUserName("barbara.bates");
    request.setLearnerRecordCount(2);
    request.getLearner().add(batchLearner("J1", uln, familyName, givenName));
    request.getLearner().add(batchLearner("J2", "1026893096", "Testname", "Sample"));
    return request;
  }

  private MIAPBatchLearnerToVerify batchLearner(String mis, String ulnToVerify, String family, String given) {
    MIAPBatchLearnerToVerify l = new MIAPBatchLearnerToVerify();
    l.setMISIdentifier(mis);
    l.setULN(ulnToVerify);
    l.setFamilyName(family);
    l.setGivenName(given);
    l.setDateOfBirth(learner.createMIAPBatchLearnerToVerifyDateOfBirth(null));
    l.setGender(learner.createMIAPBatchLearnerToVerifyGender(null));
    return l;
  }

  private VerifyBatchOutputRqst outputRequest(String ukprn, long jobId) {
    VerifyBatchOutputRqst request = new VerifyBatchOutputRqst();
    request.setUKPRN(vld.createVerifyBatchOutputRqstUKPRN(ukprn));
    request.setOrgPassword(ORG_PASSWORD);
    request.setUserName("barbara.bates");
    request.setJobID(jobId);
    return request;
  }

  private static Map<String, Object> verified(uk.gov.miap.lrs.api.reportmsg.VerifyLearnerResp response) {
    MIAPVerifiedLearner v = response.getVerifiedLearner();
    return Lines.map("responseCode", v.getResponseCode(), "uln", value(v.getULN()), "failureFlags", v.getFailureFlag());
  }

  private static Map<String, Object> found(FindLearnerResp response) {
    List<List<Object>> learners = response.getLearner().stream()
        .map((Learner l) -> List.<Object>of(
            l.getULN(),
            String.valueOf(value(l.getMasterSubstituted())),
            l.getLinkedULNs() == null ? List.of() : l.getLinkedULNs().getULN()))
        .collect(Collectors.toList());
    return Lines.map("responseCode", response.getResponseCode(), "learners", learners);
  }

  private static Map<String, Object> retrieved(RetrieveULNsResp response) {
    List<List<Object>> verified = response.getRetrievedULNs().getVerifiedULN().stream()
        .map((MIAPRetrievedULN v) -> List.<Object>of(v.getULN(), String.valueOf(value(v.getMasterULN())), String.valueOf(value(v.getResponseCode()))))
        .collect(Collectors.toList());
    return Lines.map("verified", verified);
  }

  private static Map<String, Object> submitted(VerifyBatchResp response) {
    return Lines.map("responseCode", response.getResponseCode(), "jobId", response.getJobID());
  }

  private static Map<String, Object> output(VerifyBatchOutputResp response) {
    List<List<Object>> learners = response.getVerifiedLearner().stream()
        .map((MIAPVerifiedBatchLearner v) -> List.<Object>of(value(v.getMISIdentifier()), v.getResponseCode(), v.getFailureFlag()))
        .collect(Collectors.toList());
    return Lines.map("responseCode", response.getResponseCode(), "jobStatus", value(response.getJobStatus()), "learners", learners);
  }

  private static String value(JAXBElement<String> element) {
    return element == null || element.isNil() ? null : element.getValue();
  }

  static Map<String, Object> faultOf(Exception e) {
    if (!(e instanceof MIAPAPIExceptionFault)) return null;
    MIAPAPIExceptionFault fault = (MIAPAPIExceptionFault) e;
    return Lines.map(
        "exception", "MIAPAPIExceptionFault",
        "faultstring", fault.getMessage(),
        "code", fault.getFaultInfo().getErrorCode(),
        "description", fault.getFaultInfo().getDescription());
  }
}
