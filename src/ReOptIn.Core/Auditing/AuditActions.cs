namespace ReOptIn.Core.Auditing;

public static class AuditActions
{
    public const string SetupCompleted = "setup.completed";
    public const string AdminBootstrapped = "setup.bootstrapped";
    public const string SignedIn = "account.signed-in";
    public const string SignInFailed = "account.sign-in-failed";
    public const string LockedOut = "account.locked-out";
    public const string UserCreated = "user.created";
    public const string UserRoleChanged = "user.role-changed";
    public const string UserUnlocked = "user.unlocked";
    public const string UserDeleted = "user.deleted";
    public const string ApiKeyCreated = "api-key.created";
    public const string ApiKeyRevoked = "api-key.revoked";
    public const string ListCreated = "list.created";
    public const string ListUploaded = "list.uploaded";
    public const string LawfulBasisRecorded = "list.lawful-basis-recorded";
    public const string ImportStarted = "import.started";
    public const string ImportCancelled = "import.cancelled";
    public const string RejectsExported = "import.rejects-exported";
    public const string SenderCreated = "sender.created";
    public const string SenderChanged = "sender.changed";
    public const string SenderDeleted = "sender.deleted";
    public const string SenderTested = "sender.connection-tested";
    public const string CampaignCreated = "campaign.created";
    public const string CampaignChanged = "campaign.changed";
    public const string CampaignTestSent = "campaign.test-sent";
    public const string CampaignSubmitted = "campaign.submitted";
    public const string CampaignApproved = "campaign.approved";
    public const string CampaignReturnedToDraft = "campaign.returned-to-draft";
    public const string CampaignLaunched = "campaign.launched";
    public const string CampaignPaused = "campaign.paused";
    public const string CampaignResumed = "campaign.resumed";
    public const string BounceActedOn = "bounce.acted-on";
    public const string BounceDecided = "bounce.decided";
    public const string ReceiptExported = "receipt.exported";
    public const string ReceiptsExported = "campaign.receipts-exported";
    public const string DestinationCreated = "destination.created";
    public const string DestinationChanged = "destination.changed";
    public const string DestinationDeleted = "destination.deleted";
    public const string DestinationTested = "destination.test-sent";
    public const string DeliveryReplayed = "destination.delivery-replayed";
}
