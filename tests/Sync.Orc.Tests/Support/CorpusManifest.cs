using System.IO.Compression;
using System.Text.Json;
using Sync.Testing;

namespace Sync.Orc.Tests.Support;

/// <summary>The shared ORC corpus: which files decode to which expected output, and which must fail.</summary>
public static class CorpusManifest
{
    private static readonly Lazy<List<JsonElement>> Entries = new(Load);

    /// <summary>Corpus files with an expected output: (file, expected path), both relative to the corpus.</summary>
    public static TheoryData<string, string> Readable()
    {
        var data = new TheoryData<string, string>();
        foreach (var e in Entries.Value)
        {
            if (e.TryGetProperty("expected", out var x) && x.ValueKind == JsonValueKind.String) data.Add(e.GetProperty("file").GetString()!, x.GetString()!);
        }
        if (data.Count == 0) data.Add("(corpus absent)", "");
        return data;
    }

    /// <summary>Corpus files the reference reader rejects, with its error message.</summary>
    public static TheoryData<string, string> MustFail()
    {
        var data = new TheoryData<string, string>();
        foreach (var e in Entries.Value)
        {
            if (e.TryGetProperty("reference_reader_error", out var err) && err.ValueKind == JsonValueKind.String)
            {
                data.Add(e.GetProperty("file").GetString()!, err.GetString()!);
            }
        }
        if (data.Count == 0) data.Add("(corpus absent)", "");
        return data;
    }

    public static string PathOf(string relative) => Path.Combine(RepoPaths.OrcCorpus, relative);

    public static byte[] ReadExpected(string relative)
    {
        using var gz = new GZipStream(File.OpenRead(PathOf(relative)), CompressionMode.Decompress);
        using var ms = new MemoryStream();
        gz.CopyTo(ms);
        return ms.ToArray();
    }

    private static List<JsonElement> Load()
    {
        if (!RepoPaths.HasOrcCorpus) return [];
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(RepoPaths.OrcCorpus, "manifest.json")));
        var list = new List<JsonElement>();
        foreach (var e in doc.RootElement.EnumerateArray()) list.Add(e.Clone());
        return list;
    }
}
