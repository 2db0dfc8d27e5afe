using System.Text;

namespace ReOptIn.Core.Importing.Parsing;

/// <summary>
/// Splits the decoded start of a file into records for detection only: quote-aware, blank lines skipped,
/// and a record cut off by the end of the sample dropped when the sample is not the whole file.
/// </summary>
internal static class SampleSplitter
{
    public static List<string[]> Split(string text, char delimiter, int maxRecords, bool isWholeFile)
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var inQuotes = false;
        var fieldStart = true;
        var i = 0;
        while (i < text.Length && records.Count < maxRecords)
        {
            var c = text[i++];
            if (inQuotes)
            {
                if (c != '"')
                {
                    field.Append(c);
                }
                else if (i < text.Length && text[i] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else
                {
                    inQuotes = false;
                }
            }
            else if (c == '"' && fieldStart)
            {
                inQuotes = true;
                fieldStart = false;
            }
            else if (c == delimiter)
            {
                fields.Add(field.ToString());
                field.Clear();
                fieldStart = true;
            }
            else if (c is '\r' or '\n')
            {
                if (c == '\r' && i < text.Length && text[i] == '\n')
                {
                    i++;
                }

                EndRecord();
            }
            else
            {
                field.Append(c);
                fieldStart = false;
            }
        }

        // The last record has no line break: keep it only when it is known to be complete.
        if (records.Count < maxRecords && (fields.Count > 0 || field.Length > 0) && isWholeFile && !inQuotes)
        {
            EndRecord();
        }

        return records;

        void EndRecord()
        {
            fields.Add(field.ToString());
            field.Clear();
            fieldStart = true;
            if (fields.Count > 1 || fields[0].Trim().Length > 0)
            {
                records.Add([.. fields]);
            }

            fields.Clear();
        }
    }
}
