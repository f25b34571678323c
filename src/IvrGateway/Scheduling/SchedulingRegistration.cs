using IvrGateway.Mail;
using IvrGateway.Scheduling.Invitations;
using Microsoft.Extensions.Options;

namespace IvrGateway.Scheduling;

internal static class SchedulingRegistration
{
    /// <summary>Meetings, their windows, invitations and join links.</summary>
    public static WebApplicationBuilder AddScheduling(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SchedulingOptions>().BindConfiguration(SchedulingOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SchedulingOptions>, SchedulingOptionsValidator>();
        services.AddSingleton<MeetingStore>();
        services.AddSingleton<MeetingRequestValidator>();
        services.AddSingleton<MeetingScheduler>();
        services.AddSingleton<MeetingViews>();
        services.AddSingleton<PersonalCodeRotation>();
        // What is mailed about a meeting: enqueued by the scheduler, composed by the outbox worker at send time.
        services.AddSingleton<InvitationOutbox>();
        services.AddSingleton<InvitationComposer>();
        services.AddMailComposer<InvitationComposer.Invitations>();
        services.AddMailComposer<InvitationComposer.Reminders>();
        return builder;
    }
}
