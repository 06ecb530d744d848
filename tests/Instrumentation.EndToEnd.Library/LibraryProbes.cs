namespace Instrumentation.EndToEnd.Library;

/// <summary>The channel an order came through; an enum tag.</summary>
public enum Channel
{
    /// <summary>The web shop.</summary>
    Web,

    /// <summary>The mobile app.</summary>
    App,
}

/// <summary>Probe methods declared in a library assembly.</summary>
public static partial class LibraryProbes
{
    /// <summary>Counts one placed order per channel and express flag.</summary>
    [TrackEvent("e2e.library.orders")]
    public static partial void OrderPlaced(Channel channel, bool express);

    /// <summary>Counts one issued token per audience; the tests assembly revokes them.</summary>
    [TrackTokenIssue("e2e.tokens", LifetimeSeconds = 600)]
    public static partial void TokenIssued(string audience);

    /// <summary>Times a block of library work.</summary>
    [TrackEndpoint("e2e.library.work")]
    public static partial TrackingScope Working();
}

/// <summary>Ordinary library code.</summary>
public static class LibraryWork
{
    /// <summary>Does nothing; calling it loads the library's module.</summary>
    public static int Touch() => 1;
}
