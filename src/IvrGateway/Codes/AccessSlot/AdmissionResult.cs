namespace IvrGateway.Codes;

public enum AdmissionResult
{
    Admitted,
    Wrong,
    WrongAndLocked,
    Locked,
    Gone,
    Full,
}
