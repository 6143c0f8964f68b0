package interop;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.XMLGregorianCalendar;
import uk.gov.qcf.lrs.api.faults.DomainFault;
import uk.gov.qcf.lrs.api.model.AchievementBatchJobResponse;
import uk.gov.qcf.lrs.api.model.SubmitAchievementBatchJobResponse;
import uk.gov.qcf.lrs.api.model.User;
import uk.gov.qcf.lrs.api.services.Achievement;
import uk.gov.qcf.lrs.api.services.ArrayOfAchievement;
import uk.gov.qcf.lrs.api.services.ExternalServiceProxy;
import uk.gov.qcf.lrs.api.services.IExternalService;
import uk.gov.qcf.lrs.api.services.IExternalServiceGetAchievementBatchJobDomainFaultFaultFaultMessage;
import uk.gov.qcf.lrs.api.services.IExternalServiceSubmitAchievementBatchJobDomainFaultFaultFaultMessage;

/**
 * Both operations of the LRS-compatible achievement upload (/ExternalService.svc) through the
 * wsimport client: one batch with a good and a refused achievement, and the refusals a vendor
 * must be able to read from the DomainFault (ErrorCode, base64 ErrorDetail).
 */
final class ExternalServiceClient {
  private static final String UNIT = "D6017002";

  private final IExternalService port;
  private final String uln;
  private final String givenName;
  private final String familyName;
  private final XMLGregorianCalendar awardDate;
  private final Lines lines = new Lines("external", ExternalServiceClient::faultOf);
  private final uk.gov.qcf.lrs.api.model.ObjectFactory model = new uk.gov.qcf.lrs.api.model.ObjectFactory();
  private final uk.gov.qcf.lrs.api.services.ObjectFactory services = new uk.gov.qcf.lrs.api.services.ObjectFactory();

  ExternalServiceClient(String base, String uln, String givenName, String familyName, String awardDate) throws Exception {
    this.port = new ExternalServiceProxy(new URL(base + "/ExternalService.svc?wsdl")).getBasicHttpBindingIExternalService();
    this.uln = uln;
    this.givenName = givenName;
    this.familyName = familyName;
    this.awardDate = DatatypeFactory.newInstance().newXMLGregorianCalendar(awardDate + "T00:00:00");
  }

  void run() throws Exception {
    ArrayOfAchievement achievements = new ArrayOfAchievement();
    achievements.getAchievement().add(achievement("Pass"));
    achievements.getAchievement().add(achievement("Distinction"));
    Map<String, Object> submitted = lines.step("SubmitAchievementBatchJob", "happy",
        () -> submitted(port.submitAchievementBatchJob(user("AO1WebService#01"), "results@ao.test", "Final", achievements)));
    lines.step("SubmitAchievementBatchJob", "fault",
        () -> submitted(port.submitAchievementBatchJob(user("AO1WebService#01"), "results@ao.test", "Final", new ArrayOfAchievement())));
    Integer jobId = submitted == null ? null : (Integer) submitted.get("jobId");
    Lines.awaitWorker();
    lines.step("GetAchievementBatchJob", "happy", () -> job(port.getAchievementBatchJob(user("AO1WebService#01"), jobId)));
    lines.step("GetAchievementBatchJob", "fault", () -> job(port.getAchievementBatchJob(user("AO1WebService#99"), jobId)));
  }

  private User user(String orgPassword) {
    User user = new User();
    user.setOrgPassword(model.createUserOrgPassword(orgPassword));
    user.setOrganisationRef(model.createUserOrganisationRef("AOB001"));
    user.setUserName(model.createUserUserName("rita.reeves"));
    return user;
  }

  private Achievement achievement(String grade) {
    Achievement a = new Achievement();
    a.setAchievementAwardDate(awardDate);
    a.setAction(1);
    a.setActionDate(awardDate);
    a.setFamilyName(familyName);
    a.setGivenName(givenName);
    a.setGrade(services.createAchievementGrade(grade));
    a.setProviderUkprn("10099901");
    a.setUln(uln);
    a.setUnitOrQualificationReferenceNumber(UNIT);
    return a;
  }

  private static Map<String, Object> submitted(SubmitAchievementBatchJobResponse response) {
    return Lines.map("hasJob", response.getJobId() > 0, "jobId", response.getJobId());
  }

  private static Map<String, Object> job(AchievementBatchJobResponse job) {
    String errors = job.getAchievementBatchErrorFile() == null ? "" : job.getAchievementBatchErrorFile().getValue();
    return Lines.map(
        "status", job.getStatus() == null ? null : job.getStatus().value(),
        "created", job.getAchievementsCreated(),
        "businessRuleErrors", job.getBusinessRuleErrors(),
        "records", job.getNumberOfRecords(),
        "errorFileMentionsGrade", errors != null && errors.contains("GRADE_INVALID"));
  }

  private static Map<String, Object> faultOf(Exception e) {
    DomainFault detail;
    String name;
    if (e instanceof IExternalServiceSubmitAchievementBatchJobDomainFaultFaultFaultMessage) {
      detail = ((IExternalServiceSubmitAchievementBatchJobDomainFaultFaultFaultMessage) e).getFaultInfo();
      name = "IExternalServiceSubmitAchievementBatchJobDomainFaultFaultFaultMessage";
    } else if (e instanceof IExternalServiceGetAchievementBatchJobDomainFaultFaultFaultMessage) {
      detail = ((IExternalServiceGetAchievementBatchJobDomainFaultFaultFaultMessage) e).getFaultInfo();
      name = "IExternalServiceGetAchievementBatchJobDomainFaultFaultFaultMessage";
    } else return null;
    byte[] explanation = detail.getErrorDetail() == null ? new byte[0] : detail.getErrorDetail().getValue();
    return Lines.map(
        "exception", name,
        "faultstring", e.getMessage(),
        "code", detail.getErrorCode() == null ? null : detail.getErrorCode().getValue(),
        "detail", new String(explanation, StandardCharsets.UTF_8).replaceAll(" \\[correlation id [^\\]]*\\]", ""));
  }
}
