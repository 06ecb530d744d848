namespace Instrumentation.Hosting;

/// <summary>
/// What the registration learned about the host: whether it serves HTTP with ASP.NET Core (seen by the name of a
/// service the web host registers, without a reference to ASP.NET Core), and whether the web package added request
/// recording. A web app that took the generic host's <c>AddInstrumentation</c> is told at start that its requests
/// are not recorded.
/// </summary>
internal sealed class HostShape
{
    private const string WebHostEnvironment = "Microsoft.AspNetCore.Hosting.IWebHostEnvironment";

    public bool ServesHttp { get; private set; }

    public bool RecordsRequests { get; set; }

    public static HostShape Of(Microsoft.Extensions.DependencyInjection.IServiceCollection services)
    {
        HostShape? shape = null;
        bool servesHttp = false;
        foreach (Microsoft.Extensions.DependencyInjection.ServiceDescriptor descriptor in services)
        {
            shape ??= descriptor.ServiceType == typeof(HostShape) ? descriptor.ImplementationInstance as HostShape : null;
            servesHttp |= descriptor.ServiceType.FullName == WebHostEnvironment;
        }

        shape ??= new HostShape();
        shape.ServesHttp |= servesHttp;
        return shape;
    }
}
