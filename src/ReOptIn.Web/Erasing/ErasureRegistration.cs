using ReOptIn.Core.Erasing;

namespace ReOptIn.Web.Erasing;

public static class ErasureRegistration
{
    /// <summary>The deadline and retention job (in every instance unless <c>Erasure:Enabled</c> is false), early close and the privacy tools.</summary>
    public static IServiceCollection AddReOptInErasure(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(ErasureOptions.Section).Get<ErasureOptions>() ?? new ErasureOptions();
        services.AddSingleton(options);
        if (options.Enabled) services.AddHostedService<ErasureWorker>();
        services.AddScoped<CampaignClosing>();
        services.AddScoped<PrivacyTools>();
        return services;
    }
}
