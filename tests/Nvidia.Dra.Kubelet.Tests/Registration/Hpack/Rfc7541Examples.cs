namespace Nvidia.Dra.Kubelet.Tests.Registration.Hpack;

/// <summary>One header block of RFC 7541 Appendix C: its octets, the header list and the dynamic table after it.</summary>
public sealed record HpackExample(string Section, string Hex, (string Name, string Value)[] Headers, (string Name, string Value)[] Table, int TableSize);

/// <summary>
/// RFC 7541 Appendix C, written from the RFC's text. Examples of one sequence share a decoder (a connection); the
/// response sequences (C.5, C.6) use a maximum table size of 256.
/// </summary>
public static class Rfc7541Examples
{
    private const string Date21 = "Mon, 21 Oct 2013 20:13:21 GMT";
    private const string Date22 = "Mon, 21 Oct 2013 20:13:22 GMT";
    private const string Location = "https://www.example.com";
    private const string Cookie = "foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1";

    /// <summary>C.2: field representations, each on a fresh decoder.</summary>
    public static readonly HpackExample[] FieldRepresentations =
    [
        new("C.2.1", "400a637573746f6d2d6b65790d637573746f6d2d686561646572", [("custom-key", "custom-header")], [("custom-key", "custom-header")], 55),
        new("C.2.2", "040c2f73616d706c652f70617468", [(":path", "/sample/path")], [], 0),
        new("C.2.3", "100870617373776f726406736563726574", [("password", "secret")], [], 0),
        new("C.2.4", "82", [(":method", "GET")], [], 0),
    ];

    private static readonly (string, string)[] Request1 = [(":method", "GET"), (":scheme", "http"), (":path", "/"), (":authority", "www.example.com")];
    private static readonly (string, string)[] Request2 = [.. Request1, ("cache-control", "no-cache")];
    private static readonly (string, string)[] Request3 = [(":method", "GET"), (":scheme", "https"), (":path", "/index.html"), (":authority", "www.example.com"), ("custom-key", "custom-value")];
    private static readonly (string, string)[] Table1 = [(":authority", "www.example.com")];
    private static readonly (string, string)[] Table2 = [("cache-control", "no-cache"), (":authority", "www.example.com")];
    private static readonly (string, string)[] Table3 = [("custom-key", "custom-value"), ("cache-control", "no-cache"), (":authority", "www.example.com")];

    /// <summary>C.3: requests without Huffman coding.</summary>
    public static readonly HpackExample[] RequestsWithoutHuffman =
    [
        new("C.3.1", "828684410f7777772e6578616d706c652e636f6d", Request1, Table1, 57),
        new("C.3.2", "828684be58086e6f2d6361636865", Request2, Table2, 110),
        new("C.3.3", "828785bf400a637573746f6d2d6b65790c637573746f6d2d76616c7565", Request3, Table3, 164),
    ];

    /// <summary>C.4: the same requests with Huffman coding.</summary>
    public static readonly HpackExample[] RequestsWithHuffman =
    [
        new("C.4.1", "828684418cf1e3c2e5f23a6ba0ab90f4ff", Request1, Table1, 57),
        new("C.4.2", "828684be5886a8eb10649cbf", Request2, Table2, 110),
        new("C.4.3", "828785bf408825a849e95ba97d7f8925a849e95bb8e8b4bf", Request3, Table3, 164),
    ];

    private static readonly (string, string)[] Response1 = [(":status", "302"), ("cache-control", "private"), ("date", Date21), ("location", Location)];
    private static readonly (string, string)[] Response2 = [(":status", "307"), ("cache-control", "private"), ("date", Date21), ("location", Location)];
    private static readonly (string, string)[] Response3 = [(":status", "200"), ("cache-control", "private"), ("date", Date22), ("location", Location), ("content-encoding", "gzip"), ("set-cookie", Cookie)];
    private static readonly (string, string)[] ResponseTable1 = [("location", Location), ("date", Date21), ("cache-control", "private"), (":status", "302")];
    private static readonly (string, string)[] ResponseTable2 = [(":status", "307"), ("location", Location), ("date", Date21), ("cache-control", "private")];
    private static readonly (string, string)[] ResponseTable3 = [("set-cookie", Cookie), ("content-encoding", "gzip"), ("date", Date22)];

    /// <summary>C.5: responses without Huffman coding; entries are evicted.</summary>
    public static readonly HpackExample[] ResponsesWithoutHuffman =
    [
        new("C.5.1", "4803333032580770726976617465611d4d6f6e2c203231204f637420323031332032303a31333a323120474d546e1768747470733a2f2f7777772e6578616d706c652e636f6d", Response1, ResponseTable1, 222),
        new("C.5.2", "4803333037c1c0bf", Response2, ResponseTable2, 222),
        new("C.5.3", "88c1611d4d6f6e2c203231204f637420323031332032303a31333a323220474d54c05a04677a69707738666f6f3d4153444a4b48514b425a584f5157454f50495541585157454f49553b206d61782d6167653d333630303b2076657273696f6e3d31", Response3, ResponseTable3, 215),
    ];

    /// <summary>C.6: the same responses with Huffman coding.</summary>
    public static readonly HpackExample[] ResponsesWithHuffman =
    [
        new("C.6.1", "488264025885aec3771a4b6196d07abe941054d444a8200595040b8166e082a62d1bff6e919d29ad171863c78f0b97c8e9ae82ae43d3", Response1, ResponseTable1, 222),
        new("C.6.2", "4883640effc1c0bf", Response2, ResponseTable2, 222),
        new("C.6.3", "88c16196d07abe941054d444a8200595040b8166e084a62d1bffc05a839bd9ab77ad94e7821dd7f2e6c7b335dfdfcd5b3960d5af27087f3672c1ab270fb5291f9587316065c003ed4ee5b1063d5007", Response3, ResponseTable3, 215),
    ];
}
