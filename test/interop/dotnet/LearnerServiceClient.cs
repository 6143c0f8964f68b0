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
