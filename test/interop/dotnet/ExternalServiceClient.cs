using System;
using System.Collections.Generic;
using System.Globalization;
using External;

namespace Interop
{
    /// <summary>
    /// Both operations of the LRS-compatible achievement upload (/ExternalService.svc) through
    /// the generated proxy: one batch with a good and a refused achievement, and the DomainFault
    /// a vendor reads from SoapException.Detail (ErrorCode, base64 ErrorDetail).
    /// </summary>
    public sealed class ExternalServiceClient
    {
        private const string Unit = "D6017002";

        private readonly ExternalServiceProxy proxy;
        private readonly string uln;
        private readonly string givenName;
        private readonly string familyName;
        private readonly DateTime awardDate;
        private readonly Lines lines = new Lines("external");

        public ExternalServiceClient(string baseUrl, string uln, string givenName, string familyName, string awardDate)
        {
            proxy = new ExternalServiceProxy { Url = baseUrl + "/ExternalService.svc" };
            this.uln = uln;
            this.givenName = givenName;
            this.familyName = familyName;
            this.awardDate = DateTime.ParseExact(awardDate, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        public void Run()
        {
            var achievements = new[] { Achievement("Pass"), Achievement("Distinction") };
            var submitted = lines.Step("SubmitAchievementBatchJob", "happy",
                () => Submitted(proxy.SubmitAchievementBatchJob(User("AO1WebService#01"), "results@ao.test", "Final", achievements)));
            lines.Step("SubmitAchievementBatchJob", "fault",
                () => Submitted(proxy.SubmitAchievementBatchJob(User("AO1WebService#01"), "results@ao.test", "Final", new Achievement[0])));
            int jobId = submitted == null ? 0 : (int)submitted["jobId"];
            Lines.AwaitWorker();
            lines.Step("GetAchievementBatchJob", "happy", () => Job(proxy.GetAchievementBatchJob(User("AO1WebService#01"), jobId, true)));
            lines.Step("GetAchievementBatchJob", "fault", () => Job(proxy.GetAchievementBatchJob(User("AO1WebService#99"), jobId, true)));
        }

        private static User User(string orgPassword)
        {
            return new User { OrgPassword = orgPassword, OrganisationRef = "AOB001", UserName = "rita.reeves" };
        }

        private Achievement Achievement(string grade)
        {
            return new Achievement
            {
                AchievementAwardDate = awardDate,
                Action = 1,
                ActionDate = awardDate,
                FamilyName = familyName,
                GivenName = givenName,
                Grade = grade,
                ProviderUkprn = "10099901",
                Uln = uln,
                UnitOrQualificationReferenceNumber = Unit,
            };
        }

        private static Dictionary<string, object> Submitted(SubmitAchievementBatchJobResponse response)
        {
            return Lines.Map("hasJob", response.JobId > 0, "jobId", response.JobId);
        }

        private static Dictionary<string, object> Job(AchievementBatchJobResponse job)
        {
            return Lines.Map(
                "status", job.Status,
                "created", job.AchievementsCreated,
                "businessRuleErrors", job.BusinessRuleErrors,
                "records", job.NumberOfRecords,
                "errorFileMentionsGrade", (job.AchievementBatchErrorFile ?? "").Contains("GRADE_INVALID"));
        }
    }
}
