using ReOptIn.Core.Composing.Rendering;
using ReOptIn.Core.Sending;

namespace ReOptIn.Web.Campaigns;

public static class ComposingRegistration
{
    public static IServiceCollection AddReOptInComposing(this IServiceCollection services)
    {
        services.AddSingleton<RequestRenderer>();
        services.AddSingleton<SenderSecrets>();
        services.AddScoped<CampaignDrafts>();
        services.AddScoped<CampaignPreview>();
        return services;
    }
}
