using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ReOptIn.IntegrationTests.Support;

/// <summary>
/// A small authoritative DNS server on a loopback UDP port, speaking the real wire protocol
/// (RFC 1035), for the import's MX check. No real DNS is reachable from the test machines.
/// Answers MX and A questions from its tables; a name it does not know is NXDOMAIN; a name in
/// <see cref="Silent"/> gets no answer at all (a time-out).
/// </summary>
public sealed class FakeDnsServer : IDisposable
{
    private readonly UdpClient _udp = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly CancellationTokenSource _stop = new();

    public FakeDnsServer()
    {
        _ = Task.Run(ServeAsync);
    }

    public IPEndPoint EndPoint => (IPEndPoint)_udp.Client.LocalEndPoint!;

    public Dictionary<string, string> Mx { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, IPAddress> A { get; } = new(StringComparer.OrdinalIgnoreCase);

    public HashSet<string> Silent { get; } = new(StringComparer.OrdinalIgnoreCase);

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            UdpReceiveResult request;
            try
            {
                request = await _udp.ReceiveAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            var reply = Answer(request.Buffer);
            if (reply is not null) await _udp.SendAsync(reply, request.RemoteEndPoint);
        }
    }

    private byte[]? Answer(byte[] query)
    {
        // Header (12 bytes), then the question: labels, QTYPE, QCLASS.
        var position = 12;
        var labels = new List<string>();
        while (query[position] != 0)
        {
            var length = query[position];
            labels.Add(Encoding.ASCII.GetString(query, position + 1, length));
            position += length + 1;
        }
        var questionEnd = position + 5;
        var name = string.Join('.', labels);
        var type = BinaryPrimitives.ReadUInt16BigEndian(query.AsSpan(position + 1));
        if (Silent.Contains(name)) return null;

        var known = Mx.ContainsKey(name) || A.ContainsKey(name);
        var answers = new List<byte[]>();
        if (type == 15 && Mx.TryGetValue(name, out var exchange))
            answers.Add(Record(15, [0, 10, .. Name(exchange)]));
        if (type == 1 && A.TryGetValue(name, out var address))
            answers.Add(Record(1, address.GetAddressBytes()));

        var reply = new List<byte>(query[..questionEnd]);
        reply[2] = 0x84; // QR, authoritative
        reply[3] = (byte)(known ? 0x00 : 0x03); // NOERROR or NXDOMAIN
        reply[6] = 0;
        reply[7] = (byte)answers.Count;
        reply[8] = reply[9] = reply[10] = reply[11] = 0; // no authority, no additional records
        foreach (var a in answers) reply.AddRange(a);
        return [.. reply];
    }

    private static byte[] Record(ushort type, byte[] data)
    {
        var record = new byte[12 + data.Length];
        record[0] = 0xC0; record[1] = 12; // the name: a pointer to the question's
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(2), type);
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(4), 1); // IN
        BinaryPrimitives.WriteUInt32BigEndian(record.AsSpan(6), 300);
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(10), (ushort)data.Length);
        data.CopyTo(record, 12);
        return record;
    }

    private static byte[] Name(string name) =>
        name == "." ? [0] : [.. name.Split('.').SelectMany(l => (byte[])[(byte)l.Length, .. Encoding.ASCII.GetBytes(l)]), 0];

    public void Dispose()
    {
        _stop.Cancel();
        _udp.Dispose();
        _stop.Dispose();
    }
}
