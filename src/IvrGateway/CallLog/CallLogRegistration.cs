namespace IvrGateway.CallLog;

public static class CallLogRegistration
{
    /// <summary>Attendance now; the call log itself arrives with the call flow.</summary>
    public static WebApplicationBuilder AddCallLog(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AttendanceStore>();
        return builder;
    }
}
