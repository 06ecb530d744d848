namespace Instrumentation.Hosting.Worker;

/// <summary>Where an order came from.</summary>
internal enum Channel
{
    Web,
    App,
}

/// <summary>The worker's probe.</summary>
internal static partial class OrderProbes
{
    [TrackEvent("worker.orders.placed")]
    public static partial void Placed([Tag("channel")] Channel channel);
}
