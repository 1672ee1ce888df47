using System;
using System.Management.Automation;
using BackupMail.Rules;

namespace BackupMail.PowerShell
{
    /// <summary>
    /// Reads a TimeSpan parameter given as text the way an administrator means it: <c>26:00:00</c> is 26 hours
    /// (PowerShell's own conversion makes it 26 days), <c>1.02:00:00</c> a day and two hours, <c>PT26H</c> ISO 8601.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    internal sealed class IntervalTextAttribute : ArgumentTransformationAttribute
    {
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            if (!(value is string text)) return inputData;

            // Not an interval: let PowerShell report the binding error.
            return WatchValues.ParseInterval(text) ?? inputData;
        }
    }
}
