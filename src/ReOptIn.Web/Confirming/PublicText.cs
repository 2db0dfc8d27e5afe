namespace ReOptIn.Web.Confirming;

/// <summary>
/// Every sentence of the contact's pages, in English and in French. Placeholders: {0} the sender's
/// name, {1} the masked address.
/// </summary>
public sealed record PublicText
{
    public required string Code { get; init; }
    public required string OtherLanguageCode { get; init; }
    public required string OtherLanguageName { get; init; }
    public required string SkipToContent { get; init; }
    public required string Greeting { get; init; }
    public required string ConfirmTitle { get; init; }
    public required string ConfirmIntro { get; init; }
    public required string PurposeLabel { get; init; }
    public required string FirstName { get; init; }
    public required string LastName { get; init; }
    public required string Optional { get; init; }
    public required string InterestsLegend { get; init; }
    public required string ConsentLegend { get; init; }
    public required string ConfirmButton { get; init; }
    public required string ConsentRequired { get; init; }
    public required string OnlyTheButton { get; init; }
    public required string DeclineLink { get; init; }
    public required string ThanksTitle { get; init; }
    public required string ThanksBody { get; init; }
    public required string IncentiveIntro { get; init; }
    public required string AlreadyConfirmedTitle { get; init; }
    public required string AlreadyConfirmedBody { get; init; }
    public required string DeclineTitle { get; init; }
    public required string DeclineIntro { get; init; }
    public required string DeclineButton { get; init; }
    public required string DeclinedTitle { get; init; }
    public required string DeclinedBody { get; init; }
    public required string AlreadyDeclinedTitle { get; init; }
    public required string AlreadyDeclinedBody { get; init; }
    public required string NotFoundTitle { get; init; }
    public required string NotFoundBody { get; init; }
    public required string ClosedTitle { get; init; }
    public required string ClosedBody { get; init; }
    public required string UnavailableTitle { get; init; }
    public required string UnavailableBody { get; init; }
    public required string FormExpiredTitle { get; init; }
    public required string FormExpiredBody { get; init; }
    public required string ReloadLink { get; init; }
    public required string Unsubscribed { get; init; }

    public static readonly PublicText En = new()
    {
        Code = "en",
        OtherLanguageCode = "fr",
        OtherLanguageName = "Français",
        SkipToContent = "Skip to content",
        Greeting = "Hello {0},",
        ConfirmTitle = "Would you like to hear from {0}?",
        ConfirmIntro = "{0} would like to send emails to {1}. It will only do so if you confirm below.",
        PurposeLabel = "What you will receive:",
        FirstName = "First name",
        LastName = "Last name",
        Optional = "optional",
        InterestsLegend = "Topics you are interested in",
        ConsentLegend = "Your consent",
        ConfirmButton = "Yes, send me these emails",
        ConsentRequired = "Please tick the box to confirm. Nothing was saved.",
        OnlyTheButton = "Opening this page changes nothing: only this button records your answer.",
        DeclineLink = "No thanks: remove my address",
        ThanksTitle = "Thank you: it is confirmed",
        ThanksBody = "{0} will send its emails to {1}. Every email lets you unsubscribe in one click.",
        IncentiveIntro = "As promised, here is your code:",
        AlreadyConfirmedTitle = "You have already confirmed",
        AlreadyConfirmedBody = "Your answer was recorded earlier; nothing has changed.",
        DeclineTitle = "Remove my address",
        DeclineIntro = "{0} will not write to {1} again.",
        DeclineButton = "Remove my address",
        DeclinedTitle = "Your address has been removed",
        DeclinedBody = "{0} will not send you any more emails.",
        AlreadyDeclinedTitle = "Your address was already removed",
        AlreadyDeclinedBody = "You will not receive any more emails from {0}.",
        NotFoundTitle = "This link does not work",
        NotFoundBody = "It may be incomplete or no longer valid. There is nothing else you need to do.",
        ClosedTitle = "This request has ended",
        ClosedBody = "It can no longer be answered. You will not receive emails because of it.",
        UnavailableTitle = "This link cannot be used now",
        UnavailableBody = "Please try again later. There is nothing else you need to do.",
        FormExpiredTitle = "The form has expired",
        FormExpiredBody = "Nothing was saved. Open the page again and resubmit.",
        ReloadLink = "Open the page again",
        Unsubscribed = "You are unsubscribed.",
    };

    public static readonly PublicText Fr = new()
    {
        Code = "fr",
        OtherLanguageCode = "en",
        OtherLanguageName = "English",
        SkipToContent = "Aller au contenu",
        Greeting = "Bonjour {0},",
        ConfirmTitle = "Souhaitez-vous recevoir les messages de {0} ?",
        ConfirmIntro = "{0} souhaite envoyer des messages à {1}. Il ne le fera que si vous confirmez ci-dessous.",
        PurposeLabel = "Ce que vous recevrez :",
        FirstName = "Prénom",
        LastName = "Nom",
        Optional = "facultatif",
        InterestsLegend = "Les sujets qui vous intéressent",
        ConsentLegend = "Votre consentement",
        ConfirmButton = "Oui, envoyez-moi ces messages",
        ConsentRequired = "Cochez la case pour confirmer. Rien n’a été enregistré.",
        OnlyTheButton = "Ouvrir cette page ne change rien : seul ce bouton enregistre votre réponse.",
        DeclineLink = "Non merci : retirer mon adresse",
        ThanksTitle = "Merci : c’est confirmé",
        ThanksBody = "{0} enverra ses messages à {1}. Chaque message permet de se désabonner en un clic.",
        IncentiveIntro = "Comme promis, voici votre code :",
        AlreadyConfirmedTitle = "Vous avez déjà confirmé",
        AlreadyConfirmedBody = "Votre réponse a déjà été enregistrée ; rien n’a changé.",
        DeclineTitle = "Retirer mon adresse",
        DeclineIntro = "{0} n’écrira plus à {1}.",
        DeclineButton = "Retirer mon adresse",
        DeclinedTitle = "Votre adresse a été retirée",
        DeclinedBody = "{0} ne vous enverra plus de messages.",
        AlreadyDeclinedTitle = "Votre adresse était déjà retirée",
        AlreadyDeclinedBody = "Vous ne recevrez plus de messages de {0}.",
        NotFoundTitle = "Ce lien ne fonctionne pas",
        NotFoundBody = "Il est peut-être incomplet ou n’est plus valable. Vous n’avez rien d’autre à faire.",
        ClosedTitle = "Cette demande est terminée",
        ClosedBody = "Il n’est plus possible d’y répondre. Vous ne recevrez pas de messages à cause d’elle.",
        UnavailableTitle = "Ce lien ne peut pas être utilisé pour l’instant",
        UnavailableBody = "Réessayez plus tard. Vous n’avez rien d’autre à faire.",
        FormExpiredTitle = "Le formulaire a expiré",
        FormExpiredBody = "Rien n’a été enregistré. Ouvrez de nouveau la page et renvoyez le formulaire.",
        ReloadLink = "Ouvrir de nouveau la page",
        Unsubscribed = "Vous êtes désabonné(e).",
    };

    /// <summary>"fr" or "en" from <c>?lang=</c>, else the campaign's language, else the browser's, else English.</summary>
    public static PublicText For(string? query, string? campaignLanguage, string? acceptLanguage)
    {
        foreach (var candidate in new[] { query, campaignLanguage, acceptLanguage })
        {
            if (string.IsNullOrWhiteSpace(candidate)) continue;
            if (candidate.StartsWith("fr", StringComparison.OrdinalIgnoreCase)) return Fr;
            if (candidate.StartsWith("en", StringComparison.OrdinalIgnoreCase)) return En;
        }
        return En;
    }

    public string Format(string template, string? sender, string? address = null) =>
        string.Format(System.Globalization.CultureInfo.InvariantCulture, template, sender, address);
}
