using Sync.Orc.Reading;
using Xunit;

namespace Sync.Orc.Tests.Reading;

/// <summary>The pool is process-wide, so these run alone: readers in other tests would take the kept buffer.</summary>
[CollectionDefinition(nameof(StripeBufferPoolTests), DisableParallelization = true)]
[Collection(nameof(StripeBufferPoolTests))]
public class StripeBufferPoolTests
{
    [Fact]
    public async Task Rent_ReusesBufferReturnedOnAnotherThread_WhenItIsLargeEnough()
    {
        // The reader returns a stripe's buffer on whichever thread an await resumed on; the next stripe must get it back.
        var first = StripeBufferPool.Rent(3_000_000);
        await Task.Run(() => StripeBufferPool.Return(first));

        var second = await Task.Run(() => StripeBufferPool.Rent(2_900_000));
        var third = StripeBufferPool.Rent(2_900_000); // while the second is out: a fresh array

        Assert.Same(first, second);
        Assert.NotSame(first, third);
        Assert.True(first.Length >= 3_000_000 + (3_000_000 / 8), $"no headroom for a slightly larger next stripe: {first.Length}");
        StripeBufferPool.Return(third);
        StripeBufferPool.Return(second);
    }

    [Fact]
    public void Return_KeepsOnlyTheLargerBuffer_WhenTwoComeBack()
    {
        var small = StripeBufferPool.Rent(1_000_000);
        var large = StripeBufferPool.Rent(64_000_000);
        StripeBufferPool.Return(large);
        StripeBufferPool.Return(small);

        Assert.Same(large, StripeBufferPool.Rent(1_000_000));
        Assert.NotSame(small, StripeBufferPool.Rent(1_000_000));
    }
}
