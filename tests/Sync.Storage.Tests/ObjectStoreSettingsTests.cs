using Sync.Storage.Tests.Support;

namespace Sync.Storage.Tests;

public sealed class ObjectStoreSettingsTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] variables)
    {
        var map = variables.ToDictionary(v => v.Name, v => v.Value);
        return name => map.GetValueOrDefault(name);
    }

    [Fact]
    public void FromEnvironment_ReadsEachServiceAndLimits_WhenVariablesSet()
    {
        var settings = ObjectStoreSettings.FromEnvironment(Env(
            ("SYNC_S3_ENDPOINT", "http://127.0.0.1:9000"),
            ("SYNC_S3_FORCE_PATH_STYLE", "true"),
            ("SYNC_S3_ACCESS_KEY", "AK"),
            ("SYNC_S3_SECRET_KEY", "SK"),
            ("SYNC_OSS_ENDPOINT", "https://oss-cn-hangzhou.aliyuncs.com"),
            ("SYNC_OSS_ACCESS_KEY", "OAK"),
            ("SYNC_OSS_SECRET_KEY", "OSK"),
            ("SYNC_STORAGE_LIST_PAGE_SIZE", "250"),
            ("SYNC_STORAGE_MAX_ATTEMPTS", "6")));

        Assert.Equal("http://127.0.0.1:9000", settings.S3.Endpoint);
        Assert.True(settings.S3.ForcePathStyle);
        Assert.Equal("AK", settings.S3.Credentials!.AccessKey);
        Assert.Equal("us-east-1", settings.S3.EffectiveRegion);
        Assert.False(settings.Oss.ForcePathStyle);
        Assert.Equal("cn-hangzhou", settings.Oss.EffectiveRegion);
        Assert.Equal("OSK", settings.Oss.Credentials!.SecretKey);
        Assert.Equal(250, settings.ListPageSize);
        Assert.Equal(6, settings.MaxAttempts);
    }

    [Fact]
    public void FromEnvironment_ReadsCredentialsFile_AndVariablesWinOverIt()
    {
        using var dir = new TempFolder();
        var file = dir.Write("oss-secret", "# mounted secret\naccess_key=FILE-AK\nsecret_key=FILE-SK\nregion=cn-shanghai\n"u8.ToArray());

        var settings = ObjectStoreSettings.FromEnvironment(Env(
            ("SYNC_OSS_CREDENTIALS_FILE", file),
            ("SYNC_OSS_ENDPOINT", "https://oss-cn-hangzhou.aliyuncs.com"),
            ("SYNC_OSS_ACCESS_KEY", "ENV-AK"),
            ("SYNC_OSS_SECRET_KEY", "ENV-SK")));

        Assert.Equal("ENV-AK", settings.Oss.Credentials!.AccessKey);
        Assert.Equal("ENV-SK", settings.Oss.Credentials.SecretKey);
        Assert.Equal("cn-shanghai", settings.Oss.EffectiveRegion);

        var fromFileOnly = ObjectStoreSettings.FromEnvironment(Env(("SYNC_OSS_CREDENTIALS_FILE", file)));
        Assert.Equal("FILE-AK", fromFileOnly.Oss.Credentials!.AccessKey);
        Assert.Equal("FILE-SK", fromFileOnly.Oss.Credentials.SecretKey);
    }

    [Fact]
    public void FromEnvironment_NamesFileAndLineWithoutValue_WhenCredentialsFileHasUnknownKey()
    {
        using var dir = new TempFolder();
        var file = dir.Write("secret", "access_key=AK\nsecret_kye=Very-Secret-Value\n"u8.ToArray());

        var error = Assert.Throws<ObjectStoreConfigurationException>(() => ObjectStoreSettings.FromEnvironment(Env(("SYNC_S3_CREDENTIALS_FILE", file))));

        Assert.Contains($"{file} line 2", error.Message);
        Assert.Contains("secret_kye", error.Message);
        Assert.DoesNotContain("Very-Secret-Value", error.ToString());
    }

    [Fact]
    public void FromEnvironment_NamesVariable_WhenCredentialsFileMissing()
    {
        var error = Assert.Throws<ObjectStoreConfigurationException>(
            () => ObjectStoreSettings.FromEnvironment(Env(("SYNC_S3_CREDENTIALS_FILE", "/no/such/secret"))));

        Assert.Equal("SYNC_S3_CREDENTIALS_FILE", error.Setting);
        Assert.Contains("/no/such/secret", error.Message);
    }

    [Theory]
    [InlineData("SYNC_S3_SECRET_KEY", "only-secret", "access_key")]
    [InlineData("SYNC_S3_FORCE_PATH_STYLE", "maybe", "not a boolean")]
    [InlineData("SYNC_S3_ENDPOINT", "ftp://x", "not an http(s) URL")]
    [InlineData("SYNC_STORAGE_LIST_PAGE_SIZE", "5000", "outside 1..1000")]
    [InlineData("SYNC_STORAGE_MAX_ATTEMPTS", "many", "not an integer")]
    public void FromEnvironment_ThrowsNamingSetting_WhenValueBad(string variable, string value, string expected)
    {
        var error = Assert.Throws<ObjectStoreConfigurationException>(() => ObjectStoreSettings.FromEnvironment(Env((variable, value))));

        Assert.Contains(expected, error.Message);
        Assert.False(string.IsNullOrEmpty(error.Setting));
    }

    [Fact]
    public void Validate_NamesOption_WhenPartSizeBelowMinimum()
    {
        var error = Assert.Throws<ObjectStoreConfigurationException>(() => (new ObjectStoreSettings { PartSize = 1024 }).Validate());

        Assert.Equal(nameof(ObjectStoreSettings.PartSize), error.Setting);
    }

    [Fact]
    public void ToString_HidesSecret_OfSettingsAndCredentials()
    {
        var settings = new ObjectStoreSettings { Oss = new S3ConnectionSettings { Credentials = new ObjectStoreCredentials("AK-visible", "SK-hidden-123") } };

        Assert.DoesNotContain("SK-hidden-123", settings.ToString());
        Assert.Contains("AK-visible", settings.ToString());
    }

    [Fact]
    public void Parse_ReadsConnectionString_WhenSeparatedBySemicolons()
    {
        var connection = S3ConnectionSettings.Parse("endpoint=http://127.0.0.1:9000; force-path-style=yes; access_key=A; secret_key=S", "connection 'lake'");

        Assert.Equal("http://127.0.0.1:9000", connection.Endpoint);
        Assert.True(connection.ForcePathStyle);
        Assert.Equal("A", connection.Credentials!.AccessKey);
    }

    [Fact]
    public void Open_NamesVariables_WhenS3CredentialsMissing()
    {
        var error = Assert.Throws<ObjectStoreConfigurationException>(() => ObjectStores.Open("s3://b/k", ObjectStoreSettings.Default));

        Assert.Contains("SYNC_S3_ACCESS_KEY", error.Message);
        Assert.Contains("SYNC_S3_CREDENTIALS_FILE", error.Message);
    }

    [Fact]
    public void Open_NamesVariable_WhenOssEndpointMissing()
    {
        var settings = new ObjectStoreSettings { Oss = new S3ConnectionSettings { Credentials = new ObjectStoreCredentials("a", "b") } };

        var error = Assert.Throws<ObjectStoreConfigurationException>(() => ObjectStores.Open("oss://b/k", settings));

        Assert.Equal("SYNC_OSS_ENDPOINT", error.Setting);
    }

    [Fact]
    public void Open_ReturnsFileStore_ForPathsAndFileUris()
    {
        Assert.IsType<FileObjectStore>(ObjectStores.Open("/tmp/x", ObjectStoreSettings.Default));
        Assert.IsType<FileObjectStore>(ObjectStores.Open("file:///tmp/x", ObjectStoreSettings.Default));
    }
}
