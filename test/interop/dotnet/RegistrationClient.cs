using System.Collections.Generic;
using System.Linq;
using Lrs;

namespace Interop
{
    /// <summary>
    /// Registering learners on the LRS-compatible Learner Register through the generated proxy:
    /// the learner the test has recorded a learnerByDemographics search for (given name as given,
    /// family name Registered, born 2008-04-01, female, CV4 9EE) is registered, updated, and updated
    /// again by a batch registration, as the school's LRB user, whose organisation holds learner management.
    /// </summary>
    public sealed class RegistrationClient
    {
        private const string Ukprn = "10099903";
        private const string OrgPassword = "LRBWebService#03";
        private const string User = "lena.lowe";

        private readonly LearnerServiceProxy proxy;
        private readonly string givenName;
        private readonly Lines lines = new Lines("lrs");

        public RegistrationClient(string baseUrl, string givenName)
        {
            proxy = new LearnerServiceProxy { Url = baseUrl + "/LearnerService.svc" };
            this.givenName = givenName;
        }

        public void Run()
        {
            string uln = "1026893096";
            lines.Step("registerSingleLearner", "happy", () => Register(givenName, ref uln));
            // guide Appendix B: a name with a digit in it is refused (WSEC0001).
            string ignored = null;
            lines.Step("registerSingleLearner", "fault", () => Register("S4lly", ref ignored));
            lines.Step("updateSingleLearner", "happy", () => Lines.Map("responseCode", proxy.updateSingleLearner(null, Ukprn, OrgPassword, User, Update(uln))));
            // A ULN whose check digit is wrong: WSEC0136.
            lines.Step("updateSingleLearner", "fault", () => Lines.Map("responseCode", proxy.updateSingleLearner(null, Ukprn, OrgPassword, User, Update("1026893097"))));

            long jobId = 0;
            lines.Step("submitBatchRegistration", "happy", () => Submit(uln, OrgPassword, out jobId));
            long none;
            lines.Step("submitBatchRegistration", "fault", () => Submit(uln, "LRBWebService#99", out none));
            lines.Step("getBatchRegistrationOutput", "happy:not finished", () => Output(Ukprn, jobId));
            Lines.AwaitWorker();
            lines.Step("getBatchRegistrationOutput", "happy", () => Output(Ukprn, jobId));
            lines.Step("getBatchRegistrationOutput", "fault", () => Output("10000000", jobId));
        }

        private T Details<T>(T learner, string given) where T : LearnerToRegister
        {
            learner.GivenName = given;
            learner.FamilyName = "Registered";
            learner.LastKnownPostCode = "CV4 9EE";
            learner.DateOfBirth = "2008-04-01";
            learner.Gender = "2";
            learner.VerificationType = "1";
            learner.AbilityToShare = "1";
            return learner;
        }

        private Dictionary<string, object> Register(string given, ref string issued)
        {
            string uln;
            string code = proxy.registerSingleLearner(null, Ukprn, OrgPassword, User, Details(new LearnerToRegister(), given), out uln);
            if (uln != null) issued = uln;
            return Lines.Map("responseCode", code, "uln", uln);
        }

        private LearnerToUpdate Update(string uln)
        {
            LearnerToUpdate learner = Details(new LearnerToUpdate(), givenName);
            learner.Notes = "Updated by .NET";
            learner.ULN = uln;
            learner.VersionNumber = 1;
            return learner;
        }

        private Dictionary<string, object> Submit(string uln, string orgPassword, out long jobId)
        {
            var learners = new[]
            {
                new BatchLearner { ULN = uln, MISIdentifier = "R1", GivenName = givenName, FamilyName = "Registered", Notes = "Updated by the batch" },
            };
            bool jobIdSpecified;
            string code = proxy.submitBatchRegistration(null, Ukprn, orgPassword, User, "FUL", learners.Length, learners, out jobId, out jobIdSpecified);
            return Lines.Map("responseCode", code, "jobId", jobIdSpecified ? (object)jobId : null);
        }

        private Dictionary<string, object> Output(string ukprn, long jobId)
        {
            string status, started, finished;
            int? created, updated, possible, notFound, rejected;
            bool createdSpecified, updatedSpecified, possibleSpecified, notFoundSpecified, rejectedSpecified;
            OutputBatchLearner[] output;
            string code = proxy.getBatchRegistrationOutput(
                null, ukprn, OrgPassword, User, jobId, out status,
                out created, out createdSpecified, out updated, out updatedSpecified, out possible, out possibleSpecified,
                out notFound, out notFoundSpecified, out rejected, out rejectedSpecified, out started, out finished, out output);
            var learners = (output ?? new OutputBatchLearner[0])
                .Select(l => (object)new List<object> { l.MISIdentifier, l.ReturnCode })
                .ToList();
            return Lines.Map("responseCode", code, "jobStatus", status, "existsUpdated", updatedSpecified ? (object)updated : null, "learners", learners);
        }
    }
}
