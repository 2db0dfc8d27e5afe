using ReOptIn.IntegrationTests.Support;

namespace ReOptIn.IntegrationTests.Confirming;

/// <summary>One app for a test class; every test makes its own contact and request in it.</summary>
public sealed class ConfirmingApp : IAsyncLifetime
{
    public ReOptInFactory App { get; private set; } = null!;

    public Task InitializeAsync()
    {
        App = ReOptInFactory.Sqlite(ContactFixture.Settings());
        _ = App.Services; // start it (and migrate) once
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}
