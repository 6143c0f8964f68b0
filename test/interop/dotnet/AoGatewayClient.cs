using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;
using Ao;

namespace Interop
{
    /// <summary>The generated AO gateway proxy with the credentials WsSecurityExtension puts in the header.</summary>
    public sealed class SecureAoGatewayService : AoGatewayService, IWsSecurityCredentials
    {
        public string WsUsername { get; set; }
        public string WsPassword { get; set; }
        public bool WsDigest { get; set; }
    }

    /// <summary>
    /// Every operation of the AO gateway (/soap/ao), called through the proxy Mono's wsdl tool
    /// generated from the served WSDL, each with a happy path and a fault path. The learner and
    /// the dates come from the test, so that several clients can share one gateway.
    /// </summary>
    public sealed class AoGatewayClient
    {
        private const string Password = "Compat-Test-2026";
        private const string ALevel = "60356789";
        private const string Unit = "A6017001";
        private const string UnitQualification = "60170700";

        private readonly string url;
        private readonly string uln;
        private readonly string givenName;
        private readonly string familyName;
        private readonly DateTime awardDate;
        private readonly DateTime otherDate;
        private readonly DateTime actionDate;
        private readonly Lines lines = new Lines("ao");

        public AoGatewayClient(string baseUrl, string uln, string givenName, string familyName, string awardDate, string otherDate, string actionDate)
        {
            url = baseUrl + "/soap/ao";
            this.uln = uln;
            this.givenName = givenName;
            this.familyName = familyName;
            this.awardDate = Date(awardDate);
            this.otherDate = Date(otherDate);
            this.actionDate = Date(actionDate);
        }

        public void Run()
        {
            VerifyLearner();
            Learners();
            Achievements();
            DataChallenges();
            BatchJobs();
        }

        private void VerifyLearner()
        {
            var victor = Proxy("victor.vance", false);
            lines.Step("VerifyLearner", "happy", () => Verify(victor, uln));
            lines.Step("VerifyLearner", "happy:PasswordDigest", () => Verify(Proxy("victor.vance", true), uln));
            lines.Step("VerifyLearner", "happy:HTTP Basic", () => Verify(BasicProxy("victor.vance", Password), uln));
            lines.Step("VerifyLearner", "fault", () => Verify(victor, "9999999999"));
            lines.Step("VerifyLearner", "fault:wrong password", () => Verify(BasicProxy("victor.vance", "Not-The-Password-1"), uln));
        }

        private Dictionary<string, object> Verify(AoGatewayService proxy, string ulnToVerify)
        {
            LearnerDetails learner;
            FailureFlag[] flags;
            VerificationResponseCode code = proxy.VerifyLearner(ulnToVerify, givenName, familyName, default(DateTime), false, 0, false, out learner, out flags);
            return Lines.Map("responseCode", code, "uln", learner == null ? null : learner.ULN, "failureFlags", flags ?? new FailureFlag[0]);
        }

        /// <summary>Finding a learner and reading their record: AO One holds learner management, AO Two does not.</summary>
        private void Learners()
        {
            var victor = Proxy("victor.vance", false);
            lines.Step("FindLearner", "happy", () => FindLinked(victor));
            lines.Step("FindLearner", "fault", () => FindLinked(Proxy("nadia.novak", false)));
            lines.Step("GetLearnerRecord", "happy", () => Record(victor, uln, givenName, familyName));
            lines.Step("GetLearnerRecord", "fault", () => Record(victor, "1026922983", "Private", "Testlearner"));
        }

        /// <summary>The linked ULN of the compatibility data set, by ULN: its master found, with the ULNs linked to it.</summary>
        private Dictionary<string, object> FindLinked(AoGatewayService proxy)
        {
            FoundLearner[] found;
            var byUln = new LearnerByULN { ULN = "4444599390", GivenName = "Sample", FamilyName = "Test" };
            FindResponseCode code = proxy.FindLearner(byUln, out found);
            var learners = (found ?? new FoundLearner[0])
                .Select(l => (object)new List<object> { l.ULN, l.MasterSubstituted, l.LinkedULN ?? new string[0] })
                .ToList();
            return Lines.Map("responseCode", code, "learners", learners);
        }

        private Dictionary<string, object> Record(AoGatewayService proxy, string ulnOf, string given, string family)
        {
            string incoming, foundUln;
            LearningEvent[] events;
            LearnerRecordResponseCode code = proxy.GetLearnerRecord(ulnOf, given, family, default(DateTime), false, 0, false, out incoming, out foundUln, out events);
            return Lines.Map("responseCode", code, "foundUln", foundUln, "events", events == null ? 0 : events.Length);
        }

        private void Achievements()
        {
            var quentin = Proxy("quentin.quinn", false);
            var learner = new LearnerForAchievement { ULN = uln, GivenName = givenName, FamilyName = familyName };
            lines.Step("CreateAchievement", "happy", () => Achievement(quentin.CreateAchievement(learner, NewAchievement(ALevel, "C"), 0, false)));
            lines.Step("CreateAchievement", "happy:unit", () => Achievement(quentin.CreateAchievement(learner, NewAchievement(Unit, "Pass"), 0, false)));
            lines.Step("CreateAchievement", "fault", () => Achievement(quentin.CreateAchievement(learner, NewAchievement(ALevel, "C"), 0, false)));

            AchievementKey key = Key(awardDate);
            lines.Step("FindAchievement", "happy", () => Achievement(quentin.FindAchievement(key)));
            lines.Step("FindAchievement", "fault", () => Achievement(quentin.FindAchievement(Key(otherDate))));

            lines.Step("UpdateAchievement", "happy", () => Achievement(quentin.UpdateAchievement(key, new AchievementChanges { Grade = "B" }, actionDate, 0, false)));
            lines.Step("UpdateAchievement", "fault", () => Achievement(quentin.UpdateAchievement(key, new AchievementChanges { Grade = "Z" }, actionDate, 0, false)));

            lines.Step("PerformCreditCheck", "happy", () => CreditCheck(quentin.PerformCreditCheck(uln, givenName, familyName, UnitQualification)));
            lines.Step("PerformCreditCheck", "fault", () => CreditCheck(quentin.PerformCreditCheck(uln, givenName, familyName, "Z9999999")));

            lines.Step("WithdrawAchievement", "happy", () => Achievement(quentin.WithdrawAchievement(key, actionDate, ActionReason.ACHINVALID, 0, false)));
            lines.Step("WithdrawAchievement", "fault", () => Achievement(quentin.WithdrawAchievement(key, actionDate, ActionReason.ACHINVALID, 0, false)));
            lines.Step("ReinstateAchievement", "happy", () => Achievement(quentin.ReinstateAchievement(key, actionDate, ActionReason.SUBINERROR, 0, false)));
            lines.Step("ReinstateAchievement", "fault", () => Achievement(quentin.ReinstateAchievement(key, actionDate, ActionReason.SUBINERROR, 0, false)));
        }

        private void DataChallenges()
        {
            var ao = Proxy("quentin.quinn", false);
            var school = Proxy("lena.lowe", false);
            var reference = new ChallengedAchievementReference { ULN = uln, AimReference = ALevel, AwardDate = awardDate };
            const string description = "The grade is wrong: the certificate says A";
            var raised = lines.Step("RaiseDataChallenge", "happy", () => Challenge(school.RaiseDataChallenge(
                reference, DataChallengeType.INFORMATION_WRONG, DataChallengeProblemType.GRADE_WRONG, description)));
            lines.Step("RaiseDataChallenge", "fault", () => Challenge(ao.RaiseDataChallenge(
                reference, DataChallengeType.INFORMATION_WRONG, DataChallengeProblemType.GRADE_WRONG, description)));
            long id = raised == null ? 0 : (long)raised["id"];

            lines.Step("ListDataChallenges", "happy", () => List(ao.ListDataChallenges(DataChallengeStatus.NEW, false, 0, false, 0, false), id));
            lines.Step("ListDataChallenges", "fault", () => List(ao.ListDataChallenges(DataChallengeStatus.NEW, true, 1, true, 500, true), id));
            lines.Step("GetDataChallenge", "happy", () => Challenge(ao.GetDataChallenge(id)));
            lines.Step("GetDataChallenge", "fault", () => Challenge(ao.GetDataChallenge(987654)));
            lines.Step("SetDataChallengesInProgress", "happy", () => Summaries(ao.SetDataChallengesInProgress(new[] { id })));
            lines.Step("SetDataChallengesInProgress", "fault", () => Summaries(school.SetDataChallengesInProgress(new[] { id })));
            lines.Step("UpdateDataChallenge", "fault", () => Challenge(ao.UpdateDataChallenge(id, DataChallengeStatus.RESOLVED_REJECTED, null)));
            lines.Step("UpdateDataChallenge", "happy", () => Challenge(ao.UpdateDataChallenge(id, DataChallengeStatus.RESOLVED_REJECTED, "The certificate was checked: grade B")));
        }

        private void BatchJobs()
        {
            var barbara = Proxy("barbara.bates", false);
            byte[] file = Encoding.UTF8.GetBytes("MISIdentifier,ULN,FamilyName,GivenName,DateOfBirth,Gender\n"
                + "NET-1," + uln + "," + familyName + "," + givenName + ",,\n"
                + "NET-2,1026893096,Testname,Sample,1976-08-16,2\n");
            var submitted = lines.Step("SubmitBatchJob", "happy", () => Job(barbara.SubmitBatchJob(BatchJobType.VERIFY_LEARNER, BatchFormat.CSV, "verify-dotnet.csv", file)));
            lines.Step("SubmitBatchJob", "fault", () => Job(barbara.SubmitBatchJob(BatchJobType.VERIFY_LEARNER, BatchFormat.CSV, "empty.csv", new byte[0])));
            long jobId = submitted == null ? 0 : (long)submitted["jobId"];
            BatchJob toCancel = barbara.SubmitBatchJob(BatchJobType.VERIFY_LEARNER, BatchFormat.CSV, "cancel-dotnet.csv", file);
            lines.Step("CancelBatchJob", "happy", () => Job(barbara.CancelBatchJob(toCancel.JobId)));
            lines.Step("GetBatchJob", "happy:waiting", () => Job(barbara.GetBatchJob(jobId)));
            lines.Step("GetBatchJob", "fault", () => Job(barbara.GetBatchJob(99999999)));
            lines.Step("GetBatchJobOutput", "fault", () => Output(barbara.GetBatchJobOutput(jobId)));
            Lines.AwaitWorker();
            lines.Step("GetBatchJob", "happy", () => Job(barbara.GetBatchJob(jobId)));
            lines.Step("GetBatchJobOutput", "happy", () => Output(barbara.GetBatchJobOutput(jobId)));
            lines.Step("ListBatchJobs", "happy", () => JobList(barbara.ListBatchJobs(
                BatchJobType.VERIFY_LEARNER, true, BatchJobStatus.SUCCESSFUL, true, DateTime.MinValue, false, DateTime.MinValue, false, 0, false, 10, true), jobId));
            lines.Step("ListBatchJobs", "fault", () => JobList(barbara.ListBatchJobs(
                BatchJobType.ACHIEVEMENT, true, BatchJobStatus.WAITING, false, DateTime.MinValue, false, DateTime.MinValue, false, 0, false, 0, false), jobId));
            lines.Step("CancelBatchJob", "fault", () => Job(barbara.CancelBatchJob(jobId)));
        }

        // --- proxies and credentials

        private AoGatewayService Proxy(string username, bool digest)
        {
            return new SecureAoGatewayService { Url = url, WsUsername = username, WsPassword = Password, WsDigest = digest };
        }

        /// <summary>HTTP Basic as a .NET vendor writes it: Credentials on the proxy, which .NET sends only when the server challenges (401).</summary>
        private AoGatewayService BasicProxy(string username, string password)
        {
            return new AoGatewayService { Url = url, Credentials = new NetworkCredential(username, password) };
        }

        // --- request values

        private NewAchievement NewAchievement(string reference, string grade)
        {
            return new NewAchievement { AimReference = reference, AwardDate = awardDate, Grade = grade };
        }

        private AchievementKey Key(DateTime date)
        {
            return new AchievementKey { ULN = uln, GivenName = givenName, FamilyName = familyName, AimReference = ALevel, AwardDate = date };
        }

        private static DateTime Date(string yyyyMmDd)
        {
            return DateTime.ParseExact(yyyyMmDd, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        private static string Day(DateTime date)
        {
            return date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        // --- what the test compares

        private static Dictionary<string, object> Achievement(Achievement a)
        {
            return Lines.Map(
                "aimReference", a.AimReference,
                "awardDate", Day(a.AwardDate),
                "grade", a.Grade,
                "status", a.Status,
                "underDataChallenge", a.UnderDataChallenge,
                "events", a.Event.Select(e => (object)e.Action).ToList());
        }

        private static Dictionary<string, object> CreditCheck(CreditCheck c)
        {
            return Lines.Map(
                "uln", c.ULN,
                "qualification", c.Qualification == null ? null : c.Qualification.AimReference,
                "units", (c.Unit ?? new UnitCredit[0]).Select(u => u.AimReference).ToList(),
                "totalCredits", c.TotalCredits);
        }

        private static Dictionary<string, object> Challenge(DataChallenge c)
        {
            return Lines.Map(
                "id", c.Id,
                "status", c.Status,
                "type", c.Type,
                "problemType", c.ProblemType,
                "raisedBy", c.RaisedBy.Username,
                "assignedTo", c.AssignedTo.UKPRN,
                "comments", (c.Comment ?? new ChallengeComment[0]).Select(m => m.Text ?? "").ToList());
        }

        private static Dictionary<string, object> List(DataChallengeList list, long id)
        {
            var items = list.DataChallenge ?? new DataChallengeSummary[0];
            return Lines.Map(
                "listsTheChallenge", items.Any(s => s.Id == id),
                "page", list.Page,
                "pageSize", list.PageSize,
                "totalCountCoversPage", list.TotalCount >= items.Length);
        }

        private static Dictionary<string, object> Summaries(DataChallengeSummary[] summaries)
        {
            return Lines.Map("statuses", summaries.Select(s => (object)s.Status).ToList());
        }

        private static Dictionary<string, object> Job(BatchJob j)
        {
            return Lines.Map(
                "jobId", j.JobId,
                "type", j.Type,
                "format", j.Format,
                "status", j.Status,
                "rowCount", j.RowCountSpecified ? (object)j.RowCount : null,
                "rowsSucceeded", j.RowsSucceeded,
                "rowsFailed", j.RowsFailed);
        }

        private static Dictionary<string, object> JobList(BatchJobList list, long id)
        {
            var jobs = list.Job ?? new BatchJob[0];
            return Lines.Map(
                "listsTheJob", jobs.Any(j => j.JobId == id),
                "page", list.Page,
                "pageSize", list.PageSize,
                "totalCountCoversPage", list.TotalCount >= jobs.Length);
        }

        private static Dictionary<string, object> Output(BatchJobOutput o)
        {
            string text = Encoding.UTF8.GetString(o.Content).TrimEnd('\r', '\n');
            return Lines.Map("format", o.Format, "fileName", o.FileName, "lines", text.Split(new[] { "\r\n", "\n" }, StringSplitOptions.None).ToList());
        }
    }
}
