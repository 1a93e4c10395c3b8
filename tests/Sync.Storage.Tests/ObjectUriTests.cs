namespace Sync.Storage.Tests;

public sealed class ObjectUriTests
{
    [Theory]
    [InlineData("s3://bucket/a/b.orc", "s3", "bucket", "a/b.orc")]
    [InlineData("OSS://bucket", "oss", "bucket", "")]
    [InlineData("oss://bucket/t/dt=2024%3A01/x", "oss", "bucket", "t/dt=2024%3A01/x")]
    [InlineData("file:///data/t/x.orc", "file", "", "/data/t/x.orc")]
    [InlineData("file://localhost/data/x", "file", "", "/data/x")]
    [InlineData("/data/t/../u", "file", "", "/data/u")]
    public void Parse_SplitsSchemeBucketAndKeyVerbatim(string text, string scheme, string bucket, string key)
    {
        var uri = ObjectUri.Parse(text);

        Assert.Equal(scheme, uri.Scheme);
        Assert.Equal(bucket, uri.Bucket);
        Assert.Equal(key, uri.Key);
    }

    [Theory]
    [InlineData("gs://bucket/x", "unsupported scheme 'gs'")]
    [InlineData("s3:///x", "names no bucket")]
    [InlineData("file://host/x", "must be absolute")]
    public void Parse_ThrowsNamingUri_WhenUnsupported(string text, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => ObjectUri.Parse(text));

        Assert.Contains(expected, error.Message);
        Assert.Contains(text, error.Message);
    }

    [Fact]
    public void RelativeTo_ReturnsPathBelowFolder_OnlyForObjectsInsideIt()
    {
        var prefix = ObjectUri.Parse("s3://b/warehouse/t");

        Assert.Equal("dt=1/x.orc", ObjectUri.Parse("s3://b/warehouse/t/dt=1/x.orc").RelativeTo(prefix));
        Assert.Null(ObjectUri.Parse("s3://b/warehouse/t_old/x.orc").RelativeTo(prefix));
        Assert.Null(ObjectUri.Parse("s3://other/warehouse/t/x.orc").RelativeTo(prefix));
        Assert.Equal("x.orc", ObjectUri.Parse("file:///w/t/x.orc").RelativeTo(ObjectUri.Parse("/w/t/")));
    }

    [Fact]
    public void ToString_IsCanonicalForm()
    {
        Assert.Equal("s3://b/k/x", ObjectUri.Parse("S3://b/k/x").ToString());
        Assert.Equal("file:///w/x", ObjectUri.Parse("/w/./x").ToString());
    }
}
