namespace Sync.Orc.Encoding;

/// <summary>An integer run-length decoder (version 1 or 2), signed or unsigned.</summary>
internal interface IIntegerDecoder
{
    void Next(Span<long> destination);
}
