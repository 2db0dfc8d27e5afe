namespace ReOptIn.Core.Confirming;

/// <summary>What the visits of a request add up to, as written into a receipt.</summary>
public sealed record VisitEvidence(DateTime? FirstVisitAt, int VisitCount, int AutomatedVisitCount)
{
    public static VisitEvidence From(IEnumerable<RequestVisit> visits)
    {
        var list = visits.ToList();
        return new VisitEvidence(
            list.Count == 0 ? null : list.Min(v => v.At),
            list.Count,
            list.Count(v => v.Automated));
    }
}
