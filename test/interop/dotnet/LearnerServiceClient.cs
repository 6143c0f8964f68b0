using System.Collections.Generic;
using System.Linq;
using Lrs;

namespace Interop
{
    /// <summary>
    /// Every operation of the LRS-compatible Learner Register (/LearnerService.svc) through the
    /// generated proxy, credentials in the body as for the real LRS. Null nillable members go as
    /// xsi:nil="true", as the XmlSerializer sends them (OrganisationRef beside the UKPRN, DateOfBirth, Gender).
    /// </summary>
    public sealed class LearnerServiceClient
    {
        private const string Ukprn = "10099901";
        private const string OrgPassword = "AO1WebService#01";

        private readonly LearnerServiceProxy proxy;
        private readonly string uln;
        private readonly string givenName;
        private readonly string familyName;
        private readonly Lines lines = new Lines("lrs");

        public LearnerServiceClient(string baseUrl, string uln, string givenName, string familyName)
        {
            proxy = new LearnerServiceProxy { Url = baseUrl + "/LearnerService.svc" };
            this.uln = uln;
            this.givenName = givenName;
            this.familyName = familyName;
        }

        public void Run()
        {
            // Finding learners needs learner management (AO One holds it; AO Two does not).
            lines.Step("learnerByULN", "happy", () => FoundByUln("4444599390"));
            lines.Step("learnerByULN", "fault", () => FoundByUln("1026893097"));
            lines.Step("learnerByDemographics", "happy", () => FoundByDemographics(Ukprn, OrgPassword, "victor.vance"));
            lines.Step("learnerByDemographics", "fault", () => FoundByDemographics("10099902", "AO2WebService#02", "nadia.novak"));
            lines.Step("retrieveULNs", "happy", () => Retrieved(new[] { "4444599390", "1026893096" }));
            lines.Step("retrieveULNs", "fault", () => Retrieved(Enumerable.Repeat("1026893096", 201).ToArray()));

            lines.Step("verifyLearner", "happy", () => Verified(proxy.verifyLearner(null, Ukprn, OrgPassword, "victor.vance", ToVerify(givenName))));
            // The real MIAPNameNonEmpty type: an empty name fails the schema (WSEC0001).
            lines.Step("verifyLearner", "fault", () => Verified(proxy.verifyLearner(null, Ukprn, OrgPassword, "victor.vance", ToVerify(""))));

            long jobId = 0;
            lines.Step("submitVerifyBatch", "happy", () => Submit(OrgPassword, out jobId));
            long ignored;
            lines.Step("submitVerifyBatch", "fault", () => Submit("AO1WebService#99", out ignored));
            lines.Step("getVerifyBatchOutput", "happy:not finished", () => Output(Ukprn, jobId));
            Lines.AwaitWorker();
            lines.Step("getVerifyBatchOutput", "happy", () => Output(Ukprn, jobId));
            lines.Step("getVerifyBatchOutput", "fault", () => Output("10000000", jobId));
        }

        // The finds are imported bare (their WSDL parts are not named "parameters"): a request object in, FindLearnerResp out.
        private Dictionary<string, object> FoundByUln(string ulnToFind)
        {
            var request = new LearnerByULNRqst
            {
                FindType = "FUL", UKPRN = Ukprn, OrgPassword = OrgPassword, UserName = "victor.vance",
                ULN = ulnToFind, FamilyName = "Test", GivenName = "Sample",
            };
            FindLearnerResp response = proxy.learnerByULN(request);
            return Found(response.ResponseCode, response.Learner);
        }

        private Dictionary<string, object> FoundByDemographics(string ukprn, string orgPassword, string userName)
        {
            var request = new LearnerByDemographicsRqst
            {
                FindType = "CHK", UKPRN = ukprn, OrgPassword = orgPassword, UserName = userName,
                FamilyName = "Test", GivenName = "Sample", DateOfBirth = "1995-06-28", Gender = "2", LastKnownPostCode = "ZZ12ZZ",
            };
            FindLearnerResp response = proxy.learnerByDemographics(request);
            return Found(response.ResponseCode, response.Learner);
        }

        private static Dictionary<string, object> Found(string code, Learner[] learners)
        {
            var found = (learners ?? new Learner[0])
                .Select(l => (object)new List<object> { l.ULN, l.MasterSubstituted ?? "null", l.LinkedULNs ?? new string[0] })
                .ToList();
            return Lines.Map("responseCode", code, "learners", found);
        }

        private Dictionary<string, object> Retrieved(string[] ulns)
        {
            MIAPRetrievedULN[] retrieved = proxy.retrieveULNs(null, Ukprn, OrgPassword, "victor.vance", ulns);
            var verified = retrieved
                .Select(v => (object)new List<object> { v.ULN, v.MasterULN ?? "null", v.ResponseCode ?? "null" })
                .ToList();
            return Lines.Map("verified", verified);
        }

        private MIAPLearnerToVerify ToVerify(string given)
        {
            return new MIAPLearnerToVerify { ULN = uln, FamilyName = familyName, GivenName = given };
        }

        private Dictionary<string, object> Submit(string orgPassword, out long jobId)
        {
            var learners = new[]
            {
                new MIAPBatchLearnerToVerify { MISIdentifier = "J1", ULN = uln, FamilyName = familyName, GivenName = givenName },
                new MIAPBatchLearnerToVerify { MISIdentifier = "J2", ULN = "1026893096", FamilyName = "Testname", GivenName = "Sample" },
            };
            bool jobIdSpecified;
            string code = proxy.submitVerifyBatch(null, Ukprn, orgPassword, "barbara.bates", learners.Length, null, learners, out jobId, out jobIdSpecified);
            return Lines.Map("responseCode", code, "jobId", jobIdSpecified ? (object)jobId : null);
        }

        private Dictionary<string, object> Output(string ukprn, long jobId)
        {
            string status, started, finished;
            MIAPVerifiedBatchLearner[] verified;
            string code = proxy.getVerifyBatchOutput(null, ukprn, OrgPassword, "barbara.bates", jobId, out status, out started, out finished, out verified);
            var learners = (verified ?? new MIAPVerifiedBatchLearner[0])
                .Select(v => (object)new List<object> { v.MISIdentifier, v.ResponseCode, v.FailureFlag ?? new string[0] })
                .ToList();
            return Lines.Map("responseCode", code, "jobStatus", status, "learners", learners);
        }

        private static Dictionary<string, object> Verified(MIAPVerifiedLearner v)
        {
            return Lines.Map("responseCode", v.ResponseCode, "uln", v.ULN, "failureFlags", v.FailureFlag ?? new string[0]);
        }
    }
}
