using System.Text.RegularExpressions;

namespace ReOptIn.Core.Composing.Linting;

/// <summary>
/// RP005: the request must ask, not announce. An opt-out message ("you are already subscribed;
/// unsubscribe if you don't want this") treats silence as consent, which it is not.
/// </summary>
internal static class FramingRules
{
    // Always opt-out framing, wherever they appear.
    private static readonly string[] OptOutPhrases =
    [
        @"already (?:subscribed|a subscriber|signed up for (?:our|the|this) (?:\w+ )?(?:newsletter|list|emails))",
        @"already (?:on|in) (?:our|the|this) (?:\w+ )?(?:list|database)",
        // Not "once you are subscribed, we will send the code".
        @"(?<!(?:once|when|after|until|if) )you(?: are|'re) (?:still )?(?:subscribed|on (?:our|the) (?:\w+ )?list)",
        @"you(?: will|'ll) (?:continue to (?:receive|get|hear)|continue receiving|keep (?:on )?(?:receiving|getting|hearing)|remain subscribed|stay subscribed)",
        @"unsubscribe (?:at any time |below |here )?if",
        @"unless you (?:unsubscribe|opt out|opt-out|tell us otherwise|say no|object)",
        @"if you (?:no longer|don't|do not|would rather not|wish not to|prefer not to)[^.!?;\n]{0,80}(?:unsubscribe|opt out|opt-out)",

        @"deja (?:inscrit|abonne|enregistre)(?:e|s|es)?",
        @"deja (?:sur|dans) (?:notre|la|cette) (?:\w+ )?(?:liste|fichier|base)",
        @"vous (?:continuerez|allez continuer|pourrez continuer) (?:a|de) recevoir",
        @"vous (?:recevrez|recevez) toujours",
        @"vous (?:resterez|restez) (?:inscrit|abonne)\w*",
        @"(?:desabonnez|desinscrivez)-vous (?:a tout moment |ci-dessous )?si",
        @"a moins que vous ne vous (?:desabonniez|desinscriviez)",
        @"sauf si vous vous (?:desabonnez|desinscrivez)",
        @"si vous ne (?:souhaitez|voulez|desirez) plus[^.!?;\n]{0,80}(?:desabonn|desinscri)\w*(?:-vous)?",
    ];

    // Silence treated as an answer. Opt-out only when the sentence does not say that silence ends
    // it: "If you do nothing, we will not write to you again" is the right thing to say.
    private static readonly string[] SilencePhrases =
    [
        @"no action (?:is |will be )?(?:needed|required|necessary)",
        @"(?:don't|do not|won't|will not) (?:need|have) to do anything",
        @"no need to do anything",
        @"(?:have|need) nothing (?:else )?to do",
        @"do nothing|doing nothing",
        @"if you (?:don't|do not) (?:do anything|respond|reply|answer|click)",

        @"sans (?:action|reponse|intervention) de votre part",
        @"vous n'avez rien (?:d'autre )?a faire",
        @"aucune action (?:n'est |ne sera )?(?:requise|necessaire)",
        @"(?:si vous )?ne faites rien",
        @"si vous ne (?:repondez|cliquez|reagissez) pas",
        @"inutile de (?:faire quoi que ce soit|repondre)",
    ];

    // What makes a silence sentence compliant: a negation or the address being removed.
    private static readonly string[] SilenceEndsPhrases =
    [
        @"not|\w*n't|never|no longer|no more|nothing more|delet\w*|eras\w*|remov\w*|forget\w*|purg\w*|stop\w*",
        @"ne|n'\w+|jamais|aucun\w*|supprim\w*|effac\w*|retir\w*|oubli\w*|arret\w*",
    ];

    private static readonly char[] SentenceEnds = ['.', '!', '?', ';', '\n'];
    private static readonly PhraseSet OptOut = new(OptOutPhrases);
    private static readonly PhraseSet Silence = new(SilencePhrases);
    private static readonly PhraseSet SilenceEnds = new(SilenceEndsPhrases);

    public static void Check(LintInput input, List<LintFinding> findings)
    {
        Check(input.Subject, "subject", findings);
        Check(input.Body, "body", findings);
    }

    private static void Check(FoldedText text, string where, List<LintFinding> findings)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var matches = OptOut.Matches(text.Text)
            .Concat(Silence.Matches(text.Text).Where(m => !SilenceEnds.IsMatch(SentenceAround(text.Text, m))))
            .OrderBy(m => m.Index);
        foreach (var match in matches)
        {
            var excerpt = text.Excerpt(match.Index, match.Length);
            if (!seen.Add(excerpt)) continue;
            findings.Add(LintRules.Finding(LintRules.OptOutFraming,
                $"The {where} reads as an opt-out message (\"{excerpt}\"). Silence is not consent: ask the contact to " +
                "confirm, and say that without an answer you will not write again.", excerpt));
        }
    }

    /// <summary>The sentence of a match without the match itself, whose own "not" or "ne" does not count.</summary>
    private static string SentenceAround(string text, Match match)
    {
        var start = text.LastIndexOfAny(SentenceEnds, Math.Max(0, match.Index - 1)) + 1;
        var end = text.IndexOfAny(SentenceEnds, match.Index + match.Length);
        if (end < 0) end = text.Length;
        if (match.Index == 0) start = 0;
        return string.Concat(text.AsSpan(start, match.Index - start), " ", text.AsSpan(match.Index + match.Length, end - match.Index - match.Length));
    }
}
