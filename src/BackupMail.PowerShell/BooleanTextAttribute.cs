using System;
using System.Management.Automation;

namespace BackupMail.PowerShell
{
    /// <summary>
    /// Lets a switch bind from text, as in rows of Import-Csv ("True", "False", "1", "0", "yes", "no", empty):
    /// PowerShell itself refuses strings for switches, and a piped row would silently lose the value.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    internal sealed class BooleanTextAttribute : ArgumentTransformationAttribute
    {
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            if (!(value is string text)) return inputData;

            switch (text.Trim().ToUpperInvariant())
            {
                case "TRUE":
                case "1":
                case "YES":
                case "Y":
                    return true;
                case "FALSE":
                case "0":
                case "NO":
                case "N":
                case "":
                    return false;
                default:
                    // Not a truth value: let PowerShell report the binding error.
                    return inputData;
            }
        }
    }
}
