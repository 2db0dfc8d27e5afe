using ReOptIn.Core.Reporting;

namespace ReOptIn.Web.Reporting;

public static class ReportingRegistration
{
    /// <summary>Campaign reports (live or from a snapshot, <c>Reporting:*</c>), their background refresh, and the confirmed contacts' export.</summary>
    public static IServiceCollection AddReOptInReporting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(configuration.GetSection(ReportingOptions.Section).Get<ReportingOptions>() ?? new ReportingOptions());
        services.AddSingleton<ReportRefresher>();
        services.AddHostedService(s => s.GetRequiredService<ReportRefresher>());
        services.AddScoped<CampaignReports>();
        services.AddScoped<ConfirmedExport>();
        return services;
    }
}
