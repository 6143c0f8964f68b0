using System.Collections.Generic;
using R9;

namespace Interop
{
    /// <summary>
    /// Every operation of the R9 learner record service (/LearnerServiceR9.svc) through the
    /// generated proxy, as the school (an LRB with learner management) on the client's own
    /// learner. The faults (each a DomainFault): AO Two, which lacks learner management, reading or
    /// changing the learner; a ULN that fails its check digit; the school's super user, whose role
    /// is user management only, looking up an organisation. None is a wrong password, which the
    /// login limits count.
    /// </summary>
    public sealed class LearnerServiceR9Client
    {
        /// <summary>UKPRN, password, user name, reference.</summary>
        private static readonly string[] School = { "10099903", "LRBWebService#03", "lena.lowe", "LRB001" };
        private static readonly string[] AoTwo = { "10099902", "AO2WebService#02", "nadia.novak", "AOB002" };
        private static readonly string[] SchoolSuperUser = { "10099903", "LRBWebService#03", "leo.lyons", "LRB001" };

        private readonly LearnerServiceR9Proxy proxy;
        private readonly string uln;
        private readonly string givenName;
        private readonly string familyName;
        private readonly Lines lines = new Lines("r9");

        public LearnerServiceR9Client(string baseUrl, string uln, string givenName, string familyName)
        {
            proxy = new LearnerServiceR9Proxy { Url = baseUrl + "/LearnerServiceR9.svc" };
            this.uln = uln;
            this.givenName = givenName;
            this.familyName = familyName;
        }

        public void Run()
        {
            lines.Step("GetLearnerLearningEvents", "happy", () => Events(School));
            lines.Step("GetLearnerLearningEvents", "fault", () => Events(AoTwo));
            var found = lines.Step("LearnerByUln", "happy", () => Learner(uln));
            lines.Step("LearnerByUln", "fault", () => Learner("1026893097"));
            int version = found == null ? 0 : (int)found["versionNumber"];
            lines.Step("UpdateLearnerSubsetFields", "happy", () => Update(School, version));
            lines.Step("UpdateLearnerSubsetFields", "fault", () => Update(AoTwo, version + 1));
            lines.Step("ViewAudit", "happy", () => Audit(School));
            lines.Step("ViewAudit", "fault", () => Audit(AoTwo));
            lines.Step("GetOrganisation", "happy", () => Organisation(School));
            lines.Step("GetOrganisation", "fault", () => Organisation(SchoolSuperUser));
        }

        private static InvokingOrganisation Invoking(string[] who)
        {
            return new InvokingOrganisation { Ukprn = who[0], Password = who[1], Username = who[2], Reference = who[3] };
        }

        private static InvokingOrganisationR10 InvokingR10(string[] who)
        {
            return new InvokingOrganisationR10 { Ukprn = who[0], Password = who[1], Username = who[2], OrganisationRef = who[3] };
        }

        private Dictionary<string, object> Events(string[] who)
        {
            var answer = proxy.GetLearnerLearningEvents(InvokingR10(who), "ORG", 1, "ENG", uln, givenName, familyName, "", "", "FULL");
            return Lines.Map(
                "responseCode", answer.ResponseCode,
                "foundUln", answer.FoundULN,
                "events", answer.LearnerRecord == null ? 0 : answer.LearnerRecord.Length);
        }

        private Dictionary<string, object> Learner(string ulnToFind)
        {
            var answer = proxy.LearnerByUln(Invoking(School), "ORG", 1, "ENG", ulnToFind, givenName, familyName, "FUL");
            return Lines.Map("responseCode", answer.ResponseCode, "uln", answer.Learner.Uln, "versionNumber", answer.Learner.VersionNumber);
        }

        private Dictionary<string, object> Update(string[] who, int version)
        {
            string result = proxy.UpdateLearnerSubsetFields(
                Invoking(who), "ORG", 1, "ENG", uln, version, "net.r9@example.com", null, AbilityToShare.NotProvided, null, null);
            return Lines.Map("result", result);
        }

        private Dictionary<string, object> Audit(string[] who)
        {
            var page = proxy.ViewAudit(Invoking(who), "ORG", 1, "ENG", uln, givenName, familyName, 1);
            return Lines.Map("pageIndex", page.PageIndex, "listsEntries", page.List != null && page.List.Length > 0);
        }

        private Dictionary<string, object> Organisation(string[] who)
        {
            var answer = proxy.GetOrganisation(Invoking(who), UserType.ORG, 1, "ENG", "10099901", null);
            return Lines.Map("responseCode", answer.ResponseCode, "ukprn", answer.Ukprn, "displayName", answer.DisplayName);
        }
    }
}
