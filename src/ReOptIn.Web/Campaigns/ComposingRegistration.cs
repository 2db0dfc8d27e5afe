using ReOptIn.Core.Composing.Rendering;
using ReOptIn.Core.Sending;
using ReOptIn.Core.Sending.Dispatch;

namespace ReOptIn.Web.Campaigns;

public static class ComposingRegistration
{
    public static IServiceCollection AddReOptInComposing(this IServiceCollection services, IConfiguration configuration)
    {
        // Sending: a worker in every instance unless Sending:Enabled is false.
        var dispatch = configuration.GetSection(DispatchOptions.Section).Get<DispatchOptions>() ?? new DispatchOptions();
        services.AddSingleton(dispatch);
        if (dispatch.Enabled) services.AddHostedService<SendingWorker>();
        services.AddScoped<CampaignDispatch>();
        services.AddSingleton<RequestRenderer>();
        services.AddSingleton<SenderSecrets>();
        services.AddScoped<CampaignDrafts>();
        services.AddScoped<CampaignPreview>();
        return services;
    }
}
