package interop;

import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.xml.bind.JAXBElement;
import org.tempuri.LearnerPortType;
import org.tempuri.LearnerServiceProxy;
import uk.gov.miap.lrs.api.batchmsg.BatchLearner;
import uk.gov.miap.lrs.api.batchmsg.BatchOutputResp;
import uk.gov.miap.lrs.api.batchmsg.BatchOutputRqst;
import uk.gov.miap.lrs.api.batchmsg.BatchRegistrationResp;
import uk.gov.miap.lrs.api.batchmsg.BatchRegistrationRqst;
import uk.gov.miap.lrs.api.batchmsg.OutputBatchLearner;
import uk.gov.miap.lrs.api.regmsg.LearnerToRegister;
import uk.gov.miap.lrs.api.regmsg.LearnerToUpdate;
import uk.gov.miap.lrs.api.regmsg.RegisterSingleLearnerResp;
import uk.gov.miap.lrs.api.regmsg.RegisterSingleLearnerRqst;
import uk.gov.miap.lrs.api.regmsg.UpdateLearnerRqst;

/**
 * Registering learners on the LRS-compatible Learner Register through the wsimport client: the
 * learner the test has recorded a learnerByDemographics search for (given name as given, family
 * name Registered, born 2008-04-01, female, CV4 9EE) is registered, updated, and updated again by a
 * batch registration. The school's LRB user calls, whose organisation holds learner management.
 */
final class RegistrationClient {
  private static final String UKPRN = "10099903";
  private static final String ORG_PASSWORD = "LRBWebService#03";
  private static final String USER = "lena.lowe";

  private final LearnerPortType port;
  private final String givenName;
  private final Lines lines = new Lines("lrs", LearnerServiceClient::faultOf);
  private final uk.gov.miap.lrs.api.regmsg.ObjectFactory reg = new uk.gov.miap.lrs.api.regmsg.ObjectFactory();
  private final uk.gov.miap.lrs.api.batchmsg.ObjectFactory batch = new uk.gov.miap.lrs.api.batchmsg.ObjectFactory();

  RegistrationClient(String base, String givenName) throws Exception {
    this.port = new LearnerServiceProxy(new URL(base + "/LearnerService.svc?wsdl")).getBasicHttpBindingLearnerPortType();
    this.givenName = givenName;
  }

  void run() throws Exception {
    Map<String, Object> registered = lines.step("registerSingleLearner", "happy", () -> registered(port.registerSingleLearner(register(givenName))));
    // guide Appendix B: a name with a digit in it is refused (WSEC0001).
    lines.step("registerSingleLearner", "fault", () -> registered(port.registerSingleLearner(register("J4mes"))));
    String uln = registered == null ? "1026893096" : (String) registered.get("uln");
    lines.step("updateSingleLearner", "happy", () -> Lines.map("responseCode", port.updateSingleLearner(update(uln)).getResponseCode()));
    // A ULN whose check digit is wrong: WSEC0136.
    lines.step("updateSingleLearner", "fault", () -> Lines.map("responseCode", port.updateSingleLearner(update("1026893097")).getResponseCode()));

    Map<String, Object> submitted = lines.step("submitBatchRegistration", "happy", () -> submitted(port.submitBatchRegistration(batch(uln, ORG_PASSWORD))));
    lines.step("submitBatchRegistration", "fault", () -> submitted(port.submitBatchRegistration(batch(uln, "LRBWebService#99"))));
    long jobId = submitted == null ? 0 : (Long) submitted.get("jobId");
    lines.step("getBatchRegistrationOutput", "happy:not finished", () -> output(port.getBatchRegistrationOutput(outputRequest(UKPRN, jobId))));
    Lines.awaitWorker();
    lines.step("getBatchRegistrationOutput", "happy", () -> output(port.getBatchRegistrationOutput(outputRequest(UKPRN, jobId))));
    lines.step("getBatchRegistrationOutput", "fault", () -> output(port.getBatchRegistrationOutput(outputRequest("10000000", jobId))));
  }

  private <T extends LearnerToRegister> T details(T learner, String given) {
    learner.setGivenName(given);
    learner.setFamilyName("Registered");
    learner.setLastKnownPostCode("CV4 9EE");
    learner.setDateOfBirth("2008-04-01");
    learner.setGender("2");
    learner.setVerificationType("1");
    learner.setAbilityToShare("1");
    return learner;
  }

  private RegisterSingleLearnerRqst register(String given) {
    RegisterSingleLearnerRqst request = new RegisterSingleLearnerRqst();
    request.setUKPRN(reg.createRegisterSingleLearnerRqstUKPRN(UKPRN));
    request.setOrgPassword(ORG_PASSWORD);
    request.setUserName(USER);
    request.setLearner(details(new LearnerToRegister(), given));
    return request;
  }

  private UpdateLearnerRqst update(String uln) {
    UpdateLearnerRqst request = new UpdateLearnerRqst();
    request.setUKPRN(reg.createUpdateLearnerRqstUKPRN(UKPRN));
    request.setOrgPassword(ORG_PASSWORD);
    request.setUserName(USER);
    LearnerToUpdate learner = details(new LearnerToUpdate(), givenName);
    learner.setNotes(reg.createLearnerToRegisterNotes("Updated by JAX-WS"));
    learner.setULN(uln);
    learner.setVersionNumber(1);
    request.setLearner(learner);
    return request;
  }

  private BatchRegistrationRqst batch(String uln, String orgPassword) {
    BatchRegistrationRqst request = new BatchRegistrationRqst();
    request.setUKPRN(batch.createBatchRegistrationRqstUKPRN(UKPRN));
    request.setOrgPassword(orgPassword);
    request.setUserName(USER);
    request.setJobType("FUL");
    request.setLearnerRecordCount(1);
    BatchLearner learner = new BatchLearner();
    learner.setULN(batch.createBatchLearnerULN(uln));
    learner.setMISIdentifier(batch.createBatchLearnerMISIdentifier("R1"));
    learner.setGivenName(givenName);
    learner.setFamilyName("Registered");
    learner.setNotes(batch.createBatchLearnerNotes("Updated by the batch"));
    request.getLearner().add(learner);
    return request;
  }

  private BatchOutputRqst outputRequest(String ukprn, long jobId) {
    BatchOutputRqst request = new BatchOutputRqst();
    request.setUKPRN(batch.createBatchOutputRqstUKPRN(ukprn));
    request.setOrgPassword(ORG_PASSWORD);
    request.setUserName(USER);
    request.setJobID(jobId);
    return request;
  }

  private static Map<String, Object> registered(RegisterSingleLearnerResp response) {
    return Lines.map("responseCode", response.getResponseCode(), "uln", value(response.getULN()));
  }

  private static Map<String, Object> submitted(BatchRegistrationResp response) {
    return Lines.map("responseCode", response.getResponseCode(), "jobId", response.getJobID());
  }

  private static Map<String, Object> output(BatchOutputResp response) {
    List<List<Object>> learners = response.getLearner().stream()
        .map((OutputBatchLearner l) -> List.<Object>of(value(l.getMISIdentifier()), l.getReturnCode()))
        .collect(Collectors.toList());
    JAXBElement<Integer> updated = response.getExistsUpdatedLearnersCount();
    return Lines.map(
        "responseCode", response.getResponseCode(),
        "jobStatus", value(response.getJobStatus()),
        "existsUpdated", updated == null || updated.isNil() ? null : updated.getValue(),
        "learners", learners);
  }

  private static String value(JAXBElement<String> element) {
    return element == null || element.isNil() ? null : element.getValue();
  }
}
