namespace Instrumentation.Sinks.Redis;

/// <summary>
/// A write to Redis did not go through; the collector retries it unchanged. Its message names the Redis
/// configuration without the password.
/// </summary>
public sealed class RedisSinkException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RedisSinkException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public RedisSinkException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the client's own exception.</summary>
    public RedisSinkException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
