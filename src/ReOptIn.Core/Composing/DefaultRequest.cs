namespace ReOptIn.Core.Composing;

/// <summary>
/// The request a new campaign starts from: a plain question, the reminder of where the address
/// came from, what would be sent, both links, and the sender's name and postal address. It passes
/// every lint rule. It leaves the incentive out; the marketer adds it if there is one.
/// </summary>
public static class DefaultRequest
{
    private const string EnglishSubject = "Do you still want to hear from {{ sender.name }}?";

    private const string EnglishBody = """
        Hello {{ contact.first_name | default: "there" }},

        We would like to keep in touch by email, but only if you want us to. We will not add you to any list unless you say yes.

        **What we would send:** {{ purpose }}

        **How we got your address:** {{ contact.source }}

        Would you like to receive these emails?

        [Yes, keep me informed]({{ confirm_url }})

        [No, remove me]({{ decline_url }})

        The first link opens a short form: you are signed up only once you send it. If you do nothing, we will not write to you again and we will delete your address.

        Thank you,
        {{ sender.name }}

        ---

        {{ sender.name }}, {{ sender.postal_address }}
        """;

    private const string FrenchSubject = "Souhaitez-vous toujours recevoir des nouvelles de {{ sender.name }} ?";

    private const string FrenchBody = """
        Bonjour {{ contact.first_name | default: "à vous" }},

        Nous aimerions rester en contact avec vous par e-mail, mais seulement si vous le souhaitez. Nous ne vous ajouterons à aucune liste sans votre accord.

        **Ce que nous vous enverrions :** {{ purpose }}

        **Comment nous avons obtenu votre adresse :** {{ contact.source }}

        Souhaitez-vous recevoir ces messages ?

        [Oui, tenez-moi au courant]({{ confirm_url }})

        [Non, supprimez mon adresse]({{ decline_url }})

        Le premier lien ouvre un court formulaire : votre inscription n'est prise en compte qu'une fois celui-ci envoyé. Si vous ne faites rien, nous ne vous écrirons plus et nous supprimerons votre adresse.

        Merci,
        {{ sender.name }}

        ---

        {{ sender.name }}, {{ sender.postal_address }}
        """;

    /// <summary>The default request in "en" or "fr"; any other language gets the English one.</summary>
    public static RequestContent For(string language) =>
        (language ?? "").StartsWith("fr", StringComparison.OrdinalIgnoreCase)
            ? new RequestContent(FrenchSubject, FrenchBody, "fr")
            : new RequestContent(EnglishSubject, EnglishBody, "en");
}
