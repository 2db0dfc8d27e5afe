using ReOptIn.Core.Campaigns;

namespace ReOptIn.Core.Sending.Dispatch;

/// <summary>A request claimed for sending, with what its message needs. The token exists only here and in the message.</summary>
internal sealed record ClaimedRequest(PermissionRequest Request, string Token, string Email, string? FirstName, string? LastName, string? RowSource, string? ListSource);
