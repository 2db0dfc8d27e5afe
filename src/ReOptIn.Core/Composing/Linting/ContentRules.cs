namespace ReOptIn.Core.Composing.Linting;

/// <summary>
/// RP002 and RP003: the body reminds the contact how the company got their address and says what
/// it would send. Either the placeholder or a sentence that plainly does it passes. The phrases are
/// looked for in both languages: a French request may well say "newsletter".
/// </summary>
internal static class ContentRules
{
    private static readonly string[] SourcePhrases =
    [
        // English: "you gave us your address", "you signed up", "because you …", "as a customer".
        @"you(?: have|'ve)?(?: once| previously| recently| kindly)? (?:gave|given|shared|provided|left) us your",
        @"you(?: have|'ve)?(?: once| previously| recently| first)? (?:signed up|subscribed|bought|purchased|registered|ordered|shopped|joined|visited|attended|downloaded|donated|enrolled|applied|booked|entered|contacted us|filled (?:in|out)|took part|participated|created an account|opened an account|made (?:a|your) (?:purchase|donation|booking|order)|became a (?:customer|member|client|subscriber|donor))",
        @"because you",
        @"when you were",
        @"as a (?:former |past |previous |valued |loyal )?(?:customer|member|client|subscriber|donor|reader|supporter|guest|buyer|participant)",
        @"(?:we got|we received|we collected|we obtained) your (?:email )?address",
        @"your (?:email )?address (?:came|comes) from",

        // French: "vous nous avez donné votre adresse", "vous vous êtes inscrit", "lors de votre achat".
        @"vous nous (?:avez|aviez) (?:donne|communique|transmis|laisse|fourni|confie|indique)",
        @"vous vous (?:etes|etiez) (?:inscrit|abonne|enregistre)\w*",
        @"vous (?:avez|aviez) (?:achete|commande|cree (?:un|votre) compte|ouvert (?:un|votre) compte|participe|visite|telecharge|rempli|assiste|adhere|souscrit|reserve|fait (?:un achat|une commande|un don|une reservation))",
        @"lors de votre (?:achat|commande|inscription|visite|passage|participation|adhesion|reservation|venue|don)",
        @"parce que vous",
        @"car vous (?:avez|aviez|etes|etiez|nous)",
        @"(?:lorsque|quand) vous (?:avez|aviez|etes|etiez|vous etes|nous avez)",
        @"en tant que (?:ancien |ancienne |fidele )?(?:client|membre|abonne|adherent|donat(?:eur|rice)|lect(?:eur|rice)|participant)\w*",
        @"nous avons (?:obtenu|recu|recueilli|collecte) votre adresse",
        @"votre adresse (?:nous )?(?:vient|provient)",
    ];

    private static readonly string[] PurposePhrases =
    [
        // English: "newsletter", "we'd like to send", "once a month", "monthly".
        @"newsletters?",
        @"we(?: will|'ll| would like to|'d like to| plan to| are planning to|'re planning to| are going to|'re going to| want to| wish to| intend to| hope to)(?: start to| begin to)? (?:send|email|mail)",
        @"(?:once|twice|two times|three times) a (?:day|week|fortnight|month|quarter|season|year)",
        @"every (?:day|week|two weeks|fortnight|month|other month|two months|quarter|season)",
        @"daily|weekly|fortnightly|bi-?weekly|monthly|bi-?monthly|quarterly",
        @"digests?|bulletins?",

        // French: "lettre d'information", "nous vous enverrons", "une fois par mois", "mensuelle".
        @"lettres? d'info(?:rmation)?s?|infolettres?",
        @"nous (?:vous )?(?:enverrons|enverrions|ecrirons|adresserons)",
        @"nous (?:aimerions|souhaitons|souhaiterions|voudrions|allons|prevoyons de|comptons|envisageons de|desirons) vous (?:envoyer|ecrire|adresser)",
        @"(?:une|deux|trois) fois par (?:jour|semaine|mois|trimestre|saison|an)",
        @"(?:chaque|tous les|toutes les) (?:jours?|semaines?|mois|trimestres?|saisons?|quinze jours)",
        @"quotidiennes?|hebdomadaires?|(?:bi)?mensuel(?:le)?s?|trimestriel(?:le)?s?",
    ];

    private static readonly PhraseSet Source = new(SourcePhrases);
    private static readonly PhraseSet Purpose = new(PurposePhrases);

    public static void Check(LintInput input, List<LintFinding> findings)
    {
        if (!input.BodyTemplate.Uses(Placeholders.ContactSource) && !Source.IsMatch(input.Body.Text))
        {
            findings.Add(LintRules.Finding(LintRules.AddressSource,
                "The body does not remind the contact how you got their address. Add {{ contact.source }} or a sentence such as \"" +
                input.Example("You gave us your address when you bought a ticket for our 2023 festival.",
                    "Vous nous avez donné votre adresse lors de votre achat d'un billet pour notre festival 2023.") + "\""));
        }

        if (!input.BodyTemplate.Uses(Placeholders.Purpose) && !Purpose.IsMatch(input.Body.Text))
        {
            findings.Add(LintRules.Finding(LintRules.WhatWillBeSent,
                "The body does not say what you would send. Add {{ purpose }} or a sentence such as \"" +
                input.Example("We would like to send you our monthly newsletter about new books.",
                    "Nous aimerions vous envoyer notre lettre d'information mensuelle sur les nouveaux livres.") + "\""));
        }
    }
}
