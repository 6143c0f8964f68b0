package interop.r9;

import interop.Lines;

import java.net.URL;
import java.util.Map;
import javax.xml.bind.JAXBElement;
import org.datacontract.schemas._2004._07.amor_qcf.InvokingOrganisation;
import org.datacontract.schemas._2004._07.amor_qcf_service.InvokingOrganisationR10;
import org.tempuri.ILearnerServiceR9;
import org.tempuri.LearnerServiceR9Proxy;
import uk.gov.qcf.lrs.api.faults.DomainFault;
import uk.gov.qcf.lrs.api.model.AbilityToShare;
import uk.gov.qcf.lrs.api.model.GetLearnerLearningEventsResponse;
import uk.gov.qcf.lrs.api.model.GetOrganisationResponse;
import uk.gov.qcf.lrs.api.model.LearnerByUlnResponse;
import uk.gov.qcf.lrs.api.model.PagedListOfPlrAccessEntryResponseN4DIIFCS;
import uk.gov.qcf.lrs.api.model.UserType;

/**
 * Every operation of the R9 learner record service (/LearnerServiceR9.svc) through the wsimport
 * client, as the school (an LRB with learner management) on the client's own learner. The faults:
 * AO Two, which lacks learner management, reading or changing the learner; a ULN that fails its
 * check digit; the school's super user, whose role is user management only, looking up an
 * organisation. None is a wrong password, which the login limits count. A program of its own, compiled apart from
 * the other surfaces' clients: R9's schemas share the namespaces http://tempuri.org/ and
 * http://api.lrs.qcf.gov.uk/model with LearnerService.svc and ExternalService.svc, so wsimport maps
 * them to the same Java packages with different ObjectFactory classes, as it would for a vendor
 * who generated both into one project. Usage: java interop.r9.LearnerServiceR9Client base-url uln
 * given-name family-name (further arguments are ignored: the test passes every client the same).
 */
public final class LearnerServiceR9Client {
  public static void main(String[] args) throws Exception {
    new LearnerServiceR9Client(args[0], args[1], args[2], args[3]).run();
  }

  private static final String[] SCHOOL = {"10099903", "LRBWebService#03", "lena.lowe", "LRB001"};
  private static final String[] AO_TWO = {"10099902", "AO2WebService#02", "nadia.novak", "AOB002"};
  private static final String[] SCHOOL_SUPER_USER = {"10099903", "LRBWebService#03", "leo.lyons", "LRB001"};

  private final ILearnerServiceR9 port;
  private final String uln;
  private final String givenName;
  private final String familyName;
  private final Lines lines = new Lines("r9", LearnerServiceR9Client::faultOf);
  private final org.datacontract.schemas._2004._07.amor_qcf.ObjectFactory common =
      new org.datacontract.schemas._2004._07.amor_qcf.ObjectFactory();
  private final org.datacontract.schemas._2004._07.amor_qcf_service.ObjectFactory service =
      new org.datacontract.schemas._2004._07.amor_qcf_service.ObjectFactory();

  LearnerServiceR9Client(String base, String uln, String givenName, String familyName) throws Exception {
    this.port = new LearnerServiceR9Proxy(new URL(base + "/LearnerServiceR9.svc?wsdl")).getBasicHttpBindingILearnerServiceR9();
    this.uln = uln;
    this.givenName = givenName;
    this.familyName = familyName;
  }

  void run() {
    lines.step("GetLearnerLearningEvents", "happy", () -> events(SCHOOL));
    lines.step("GetLearnerLearningEvents", "fault", () -> events(AO_TWO));
    Map<String, Object> found = lines.step("LearnerByUln", "happy", () -> learner(uln));
    lines.step("LearnerByUln", "fault", () -> learner("1026893097"));
    int version = found == null ? 0 : (Integer) found.get("versionNumber");
    lines.step("UpdateLearnerSubsetFields", "happy", () -> update(SCHOOL, version));
    lines.step("UpdateLearnerSubsetFields", "fault", () -> update(AO_TWO, version + 1));
    lines.step("ViewAudit", "happy", () -> audit(SCHOOL));
    lines.step("ViewAudit", "fault", () -> audit(AO_TWO));
    lines.step("GetOrganisation", "happy", () -> organisation(SCHOOL));
    lines.step("GetOrganisation", "fault", () -> organisation(SCHOOL_SUPER_USER));
  }

  /** UKPRN, password, user name, reference. */
  private InvokingOrganisation invoking(String[] who) {
    InvokingOrganisation organisation = new InvokingOrganisation();
    organisation.setUkprn(common.createInvokingOrganisationUkprn(who[0]));
    organisation.setPassword(common.createInvokingOrganisationPassword(who[1]));
    organisation.setUsername(common.createInvokingOrganisationUsername(who[2]));
    organisation.setReference(common.createInvokingOrganisationReference(who[3]));
    return organisation;
  }

  private InvokingOrganisationR10 invokingR10(String[] who) {
    InvokingOrganisationR10 organisation = new InvokingOrganisationR10();
    organisation.setUkprn(service.createInvokingOrganisationR10Ukprn(who[0]));
    organisation.setPassword(service.createInvokingOrganisationR10Password(who[1]));
    organisation.setUsername(service.createInvokingOrganisationR10Username(who[2]));
    organisation.setOrganisationRef(service.createInvokingOrganisationR10OrganisationRef(who[3]));
    return organisation;
  }

  private static <T> T value(JAXBElement<T> element) {
    return element == null ? null : element.getValue();
  }

  private Map<String, Object> events(String[] who) throws Exception {
    GetLearnerLearningEventsResponse answer =
        port.getLearnerLearningEvents(invokingR10(who), "ORG", 1, "ENG", uln, givenName, familyName, "", "", "FULL");
    return Lines.map(
        "responseCode", value(answer.getResponseCode()),
        "foundUln", value(answer.getFoundULN()),
        "events", answer.getLearnerRecord() == null || answer.getLearnerRecord().isNil()
            ? 0 : value(answer.getLearnerRecord()).getLearningEvent().size());
  }

  private Map<String, Object> learner(String ulnToFind) throws Exception {
    LearnerByUlnResponse answer = port.learnerByUln(invoking(SCHOOL), "ORG", 1, "ENG", ulnToFind, givenName, familyName, "FUL");
    return Lines.map(
        "responseCode", value(answer.getResponseCode()),
        "uln", value(value(answer.getLearner()).getUln()),
        "versionNumber", value(answer.getLearner()).getVersionNumber());
  }

  private Map<String, Object> update(String[] who, int version) throws Exception {
    String result = port.updateLearnerSubsetFields(
        invoking(who), "ORG", 1, "ENG", uln, version, "jax-ws.r9@example.com", null, AbilityToShare.NOT_PROVIDED, null, null);
    return Lines.map("result", result);
  }

  private Map<String, Object> audit(String[] who) throws Exception {
    PagedListOfPlrAccessEntryResponseN4DIIFCS page = port.viewAudit(invoking(who), "ORG", 1, "ENG", uln, givenName, familyName, 1);
    return Lines.map(
        "pageIndex", page.getPageIndex(),
        "listsEntries", page.getList() != null && !value(page.getList()).getPlrAccessEntryResponse().isEmpty());
  }

  private Map<String, Object> organisation(String[] who) throws Exception {
    GetOrganisationResponse answer = port.getOrganisation(invoking(who), UserType.ORG, 1, "ENG", "10099901", null);
    return Lines.map(
        "responseCode", value(answer.getResponseCode()),
        "ukprn", value(answer.getUkprn()),
        "displayName", value(answer.getDisplayName()));
  }

  /** Every operation's fault is a DomainFault; the generated exception of each gives it as its fault info. */
  private static Map<String, Object> faultOf(Exception e) {
    if (!e.getClass().getName().startsWith("org.tempuri.ILearnerServiceR9")) return null;
    DomainFault detail;
    try {
      detail = (DomainFault) e.getClass().getMethod("getFaultInfo").invoke(e);
    } catch (ReflectiveOperationException impossible) {
      return null;
    }
    return Lines.map(
        "exception", e.getClass().getSimpleName(),
        "code", detail.getErrorCode() == null ? null : detail.getErrorCode().getValue());
  }
}
