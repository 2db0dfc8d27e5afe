using System.Text.RegularExpressions;

namespace ReOptIn.Core.Bounces;

/// <summary>
/// What servers write when they refuse a message, by reason. Checked in order: the more specific
/// reasons first, because a full mailbox is often also "unavailable", and a block may say "rejected".
/// The phrases follow the conventions of sisimai's reason tables (BSD-2-Clause), rewritten.
/// </summary>
internal static partial class BouncePhrases
{
    private static readonly (string Reason, string[] Phrases)[] Table =
    [
        (BounceReasons.MailboxFull, [
            "mailbox full", "mailbox is full", "mailbox is currently full", "mail box full", "mailbox has exceeded", "mailbox size limit",
            "quota exceeded", "over quota", "overquota", "exceeded storage", "exceeded the quota", "exceeds the quota", "exceed mailbox quota",
            "exceeded their quota", "exceeded its quota", "quota full", "quota violation", "disk quota", "insufficient disk space",
            "not enough storage", "not enough space", "user is over", "mailbox over", "recipient's mailbox is full", "inbox is full",
            "boîte pleine", "boite pleine", "postfach voll", "casella piena", "buzón lleno", "mailfolder is full",
            "exceeding its mailbox quota", "too much mail data", "account is full", "mailbox exceeds", "storage quota",
        ]),
        (BounceReasons.MessageTooLarge, [
            "message too large", "message too big", "message is too large", "message is too big", "message size exceeds",
            "message exceeds maximum size", "exceeds maximum message size", "message length exceeds", "size limit exceeded",
            "message file too big", "mail size limit", "exceeds size limit", "message size limit", "larger than the current system limit",
            "taille du message", "message größe",
        ]),
        (BounceReasons.ExceedLimit, [
            "exceeded maximum allowed size", "message exceeded", "exceeds the maximum size", "message exceeds the", "size limit",
        ]),
        (BounceReasons.HasMoved, [
            "has moved", "address has changed", "user has moved", "no longer at this address", "moved to",
        ]),
        (BounceReasons.Suspended, [
            "account disabled", "account has been disabled", "account is disabled", "disabled or discontinued", "account suspended",
            "account has been suspended", "mailbox disabled", "mailbox is disabled", "mailbox has been disabled", "mailbox inactive",
            "inactive account", "account inactive", "account is inactive", "account has been deactivated", "account deactivated",
            "not active", "is deactivated", "is disabled", "account expired", "boite du destinataire archivee", "boîte du destinataire archivée",
            "mailbox unavailable or access denied", "recipient suspended", "suspended", "mailbox currently suspended", "temporarily disabled",
            "recipient address rejected: inactive", "mailbox is frozen", "is not enabled", "account is locked", "disabled recipient",
        ]),
        (BounceReasons.NotAccept, [
            "does not accept mail", "doesn't accept mail", "null mx", "accepts no mail", "not accepting mail", "does not receive mail",
            "host does not accept", "domain does not accept", "no smtp service",
        ]),
        (BounceReasons.AuthFailure, [
            "spf", "dkim", "dmarc", "sender policy framework", "authentication failed", "unauthenticated email", "is not authenticated",
            "authentication checks", "not pass authentication", "sender is unauthenticated", "fails to pass authentication",
        ]),
        (BounceReasons.RequirePtr, [
            "ptr record", "reverse dns", "reverse lookup", "no reverse", "rdns", "reverse hostname", "cannot find your hostname",
            "client host rejected: cannot find", "cannot resolve your address", "cannot resolve pt", "no ptr", "ip name lookup failed",
            "does not have a ptr", "unresolvable ip", "has no dns name",
        ]),
        (BounceReasons.RelayDenied, [
            "relaying denied", "relay denied", "relay not permitted", "relay access denied", "not permitted to relay", "unable to relay",
            "relaying not allowed", "we do not relay", "is not permitted to relay", "relay prohibited", "no relaying",
        ]),
        // Block lists before "spam": "Spamhaus" names the list that blocked the sender's IP, not spam content.
        (BounceReasons.Blocked, ["spamhaus", "spamcop", "blacklist", "blocklist", "block list", "dnsbl"]),
        (BounceReasons.Spam, [
            "spam", "junk mail", "unsolicited", "bulk mail", "content filter", "message content rejected", "suspicious content",
            "classified as junk", "considered junk", "looks like spam", "message has been blocked because of its content",
        ]),
        (BounceReasons.Virus, [
            "virus detected", "virus found", "contains a virus", "virus infected", "malware", "infected", "dangerous attachment", "banned attachment",
        ]),
        (BounceReasons.NotCompliantRfc, [
            "rfc 5322", "rfc5322", "rfc 2822", "rfc2822", "rfc 822", "not rfc", "multiple addresses in from", "duplicate header",
            "is not compliant", "non-compliant", "malformed message", "message is not formatted properly", "bare lf",
        ]),
        (BounceReasons.TooManyConnections, [
            "too many connections", "too many concurrent", "too many sessions", "connection limit", "too many recipients",
            "too many messages", "rate limit", "exceeded the rate", "sending rate", "try again later", "too many mails",
            "exceeded the maximum number of", "resources temporarily unavailable", "temporarily deferred", "throttl",
        ]),
        (BounceReasons.DomainNotFound, [
            "host unknown", "unknown host", "host not found", "domain not found", "domain does not exist", "domain doesn't exist",
            "no such domain", "unrouteable mail domain", "unroutable mail domain", "name or service not known", "nxdomain",
            "domain name not found", "unknown domain", "host or domain name not found", "domain is not", "no mx", "mx record",
            "mail exchanger", "illegal host/domain", "unresolvable", "dns lookup failed", "could not resolve", "domain may not exist",
            "account or domain may not exist", "hostname not found", "no route to host", "domain could not be found",
            "domaine inconnu", "domaine introuvable", "invalid domain", "bad domain", "non-existent domain", "nonexistent domain",
        ]),
        (BounceReasons.UserUnknown, [
            "user unknown", "unknown user", "no such user", "no such mailbox", "no such recipient", "no such account", "no such person",
            "user not found", "recipient not found", "recipient unknown", "unknown recipient", "address unknown", "unknown address",
            "addressee unknown", "mailbox unavailable", "mailbox not found", "mailbox does not exist", "no mailbox", "does not exist",
            "doesn't exist", "not exist", "nonexistent", "non-existent", "invalid recipient", "invalid mailbox", "invalid address",
            "bad destination mailbox", "bad recipient", "unrouteable address", "unroutable address", "is not a valid mailbox",
            "not a valid user", "not a valid recipient", "not our customer", "no mailbox here", "mailbox not available",
            "unknown local part", "unknown or illegal alias", "user invalid", "invalid user",
            "not listed in", "recipient rejected", "user doesn't exist", "unknown mailbox", "no account", "address not found", "invalid final delivery", "account not found", "not found in", "utilisateur inconnu", "destinataire inconnu",
            "n'existe pas", "adresse invalide", "unbekannt", "existiert nicht", "ungültige", "no existe", "desconocido",
            "sconosciuto", "inesistente", "onbekend", "bestaat niet", "account unavailable", "user is unknown",
            "not a known user", "undeliverable address", "no valid recipients", "could not be found", "was not found",
        ]),
        (BounceReasons.Filtered, [
            "filtered", "refused by the recipient", "refused to accept", "due to user preferences", "not accepting messages",
            "not authorized to send", "not allowed to send to", "recipient has rejected", "blocked by recipient", "is blocked by the recipient",
            "restricted", "only accepts", "members only", "not a member", "sender is not allowed",
        ]),
        (BounceReasons.Blocked, [
            "blocked", "blacklist", "block list", "blocklist", "listed in", "listed at", "rbl", "dnsbl", "spamhaus", "spamcop", "barracuda",
            "access denied", "client host rejected", "connection refused", "refused connection", "not allowed", "banned",
            "bad reputation", "poor reputation", "low reputation", "ip reputation", "your ip", "ip address", "open relay", "denied",
        ]),
        (BounceReasons.Policy, [
            "policy", "prohibited", "not permitted", "forbidden",
        ]),
        (BounceReasons.Expired, [
            "expired", "timed out", "time out", "timeout", "retry time", "retry timeout", "could not be delivered for", "have been delayed",
            "has been delayed", "delivery attempts", "giving up", "gave up", "no answer", "too long", "unable to deliver for",
            "message could not be delivered within", "aborted after", " attempts",
        ]),
        (BounceReasons.NetworkError, [
            "network", "connection reset", "connection closed", "connection lost", "lost connection", "could not connect", "unable to connect",
            "routing loop", "mail loop", "loops back", "too many hops", "hop count exceeded", "unreachable",
        ]),
        (BounceReasons.SystemError, [
            "system error", "internal error", "server error", "local error", "temporary failure", "temporarily unavailable",
            "service unavailable", "system not accepting", "transaction failed", "write error", "system failure", "out of memory", "i/o error", "server busy", "try later",
        ]),
        (BounceReasons.MailerError, [
            "mailer error", "command died", "command failed", "program failed", "exit code", "pipe to", "unknown mailer error",
            "procmail", "x-unix",
        ]),
        (BounceReasons.SecurityError, [
            "security", "authentication required", "tls required", "starttls", "encryption required", "certificate",
        ]),
    ];

    // Words that say only "refused": the status code, when specific, says more.
    private static readonly (string Reason, string[] Phrases)[] Weak =
    [
        (BounceReasons.UserUnknown, ["recipient address rejected", "address rejected", "bad destination"]),
        (BounceReasons.Blocked, ["rejected because of", "reject", "refused", "refusé", "rejeté", "rejete", "abgelehnt"]),
    ];

    // Addresses are taken out before matching: a local part such as "does-not-exist@…" says nothing.
    [GeneratedRegex(@"<?[^\s<>()\[\]""',;:]+@[^\s<>()\[\]""',;:]+>?", RegexOptions.CultureInvariant)]
    private static partial Regex Address();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Space();

    /// <summary>The reason the text states, or null when no phrase is there.</summary>
    public static string? Find(string? text) => Find(text, Table);

    /// <summary>The reason of a vague refusal ("rejected"), to use when the status code is generic.</summary>
    public static string? FindWeak(string? text) => Find(text, Weak);

    private static string? Find(string? text, (string Reason, string[] Phrases)[] table)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var clean = Space().Replace(Address().Replace(text, " <address> "), " ").ToLowerInvariant();
        foreach (var (reason, phrases) in table)
        {
            foreach (var phrase in phrases)
            {
                if (clean.Contains(phrase, StringComparison.Ordinal)) return reason;
            }
        }
        return null;
    }
}
