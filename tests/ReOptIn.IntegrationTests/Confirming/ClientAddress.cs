using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using ReOptIn.IntegrationTests.Support;

namespace ReOptIn.IntegrationTests.Confirming;

/// <summary>The test server has no client address; this gives the app one, as a real connection would.</summary>
internal sealed class ClientAddress(IPAddress address) : IStartupFilter
{
    public static readonly IPAddress Documentation = IPAddress.Parse("203.0.113.7");

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, following) =>
        {
            context.Connection.RemoteIpAddress = address;
            return following();
        });
        next(app);
    };

    /// <summary>The same app (same database and settings) seen from <paramref name="address"/>.</summary>
    public static WebApplicationFactory<Program> From(ReOptInFactory app, IPAddress address) =>
        app.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<IStartupFilter>(new ClientAddress(address))));
}
