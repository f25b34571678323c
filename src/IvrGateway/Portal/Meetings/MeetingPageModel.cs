using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IvrGateway.Portal.Meetings;

/// <summary>
/// The meeting pages' base: a request naming a handler the page does not have (<c>?handler=nope</c>) is not found, rather
/// than the page rendered with nothing loaded.
/// </summary>
public abstract class MeetingPageModel : PageModel
{
    public override Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (context.HandlerMethod is null)
        {
            context.Result = NotFound();
            return Task.CompletedTask;
        }
        return next();
    }
}
